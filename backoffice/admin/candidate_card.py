"""The candidate card: the candidate's own page HR works in (the admin change form stays as "Edit").

Header: name, contacts and channels, each application's stage with the quick actions; left the CV
with the search words highlighted; right the chat with the reply box and templates; below one
timeline and the AI analysis. Next/previous candidate (j/k, links) walk the list (on across its
pages) or the board column the card was opened from, which the card's address names (`list` or `board` + `stage`).
"""

import copy
from urllib.parse import urlencode

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from backoffice.board.selectors import board_column_candidate_ids
from backoffice.card import card_analyses, card_cv, card_url, timeline
from candidates.models import Candidate, CandidateStatus
from interviews import selectors as interview_selectors
from messaging import services as messaging_services


class CardChangeList(ChangeList):
    """The candidate list: each name opens the card, which knows the list (page, filters, search)."""

    def url_for_result(self, result) -> str:
        return card_url(result.pk, q=self.query, list=self.get_query_string()[1:])


def nav_params(request: HttpRequest) -> dict[str, str]:
    """What the card keeps from where it was opened: the search and the list or board column."""
    get = request.GET
    keys = ("q", "list", "board", "stage", "source")
    return {key: get.get(key, "")[:2000] for key in keys if get.get(key)}


def walk(ids: list[str], current: str, params: dict) -> dict:
    """Next and previous around `current` in `ids` (the card's links keep `params`)."""
    if current not in ids:
        return {"previous": None, "next": None, "position": None, "total": len(ids), "page": None}
    index = ids.index(current)
    return {
        "previous": card_url(ids[index - 1], **params) if index > 0 else None,
        "next": card_url(ids[index + 1], **params) if index + 1 < len(ids) else None,
        "position": index + 1,
        "total": len(ids),
        "page": None,
    }


class CandidateCardMixin:
    """Mixed into CandidatePagesMixin (a ModelAdmin with `candidate_panels` and `_candidate_or_404`)."""

    def get_changelist(self, request, **kwargs):
        return CardChangeList

    def card_urls(self, view) -> list:
        return [path("<path:object_id>/card/", view(self.card_view), name="candidates_candidate_card")]

    def card_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id)
        if request.method == "GET":
            messaging_services.messages_mark_read(candidate=candidate)
        panels = self.candidate_panels(request, candidate)
        params = nav_params(request)
        applications = panels["header_applications"]
        analyses = [analysis for analysis, _comment in panels["analyses"]]
        interviews = list(interview_selectors.candidate_interviews(candidate=candidate))
        context = {
            **self.admin_site.each_context(request),
            **panels,
            "opts": self.opts,
            "candidate": candidate,
            "original": candidate,
            "title": _("Candidate: %(name)s") % {"name": candidate},
            "cv": card_cv(candidate, panels["current_application"], params.get("q", "")),
            "timeline": timeline(
                history=panels["history"],
                thread=panels["thread"],
                attempts=panels["attempts"],
                interviews=interviews,
            ),
            "card_analyses": card_analyses(applications, analyses),
            "interviews": interviews,
            "nav": self._neighbours(request, candidate, params),
            "nav_query": params,
            "card_query": urlencode(params),
            "stages": CandidateStatus.choices,
        }
        return TemplateResponse(request, "admin/candidates/candidate/card.html", context)

    def _neighbours(self, request: HttpRequest, candidate: Candidate, params: dict) -> dict:
        if "list" in params:
            return self._list_neighbours(request, str(candidate.pk), params)
        return walk(self._board_ids(params), str(candidate.pk), params)

    def _list_neighbours(self, request: HttpRequest, current: str, params: dict) -> dict:
        """Within the list page; at its first or last candidate, on to the page before or after."""
        page = self._list_page(request, params["list"])
        if page is None:
            return walk([], current, params)
        ids, changelist = page
        nav = walk(ids, current, params)
        if nav["position"] is None:
            return nav
        number, pages = changelist.page_num, changelist.paginator.num_pages
        if nav["next"] is None and number < pages:
            nav["next"] = self._page_edge(request, params, number + 1, first=True)
        if nav["previous"] is None and number > 1:
            nav["previous"] = self._page_edge(request, params, number - 1, first=False)
        nav["page"] = number if pages > 1 else None
        return nav

    def _page_edge(self, request: HttpRequest, params: dict, number: int, *, first: bool) -> str | None:
        query = QueryDict(params["list"], mutable=True)
        query[PAGE_VAR] = str(number)
        page = self._list_page(request, query.urlencode())
        if page is None or not page[0]:
            return None
        return card_url(page[0][0] if first else page[0][-1], **{**params, "list": query.urlencode()})

    def _list_page(self, request: HttpRequest, list_query: str) -> tuple[list[str], ChangeList] | None:
        """The candidates of one list page (the list's filters, search and order), and the list."""
        listing = copy.copy(request)
        listing.GET = QueryDict(list_query)
        try:
            changelist = self.get_changelist_instance(listing)
        except IncorrectLookupParameters:
            return None
        return [str(pk) for pk in changelist.result_list.values_list("pk", flat=True)], changelist

    def _board_ids(self, params: dict) -> list[str]:
        board, stage = params.get("board", ""), params.get("stage", "")
        if not board.isdigit() or stage not in CandidateStatus.values:
            return []
        ids = board_column_candidate_ids(
            vacancy_id=int(board), stage=stage, search=params.get("q", ""), source=params.get("source", "")
        )
        return [str(pk) for pk in ids]
