"""The candidate card: the candidate's own page HR works in (the admin change form stays as "Edit").

Header: name, contacts and channels, each application's stage with the quick actions; left the CV
with the search words highlighted; right the chat with the reply box and templates; below one
timeline and the AI analysis. Next/previous candidate (j/k, links) walk the list page or the board
column the card was opened from, which the card's address names (`list` or `board` + `stage`).
"""

import copy
from urllib.parse import urlencode

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
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
        ids = self._list_ids(request, params) if "list" in params else self._board_ids(params)
        current = str(candidate.pk)
        if current not in ids:
            return {"previous": None, "next": None, "position": None, "total": len(ids)}
        index = ids.index(current)
        return {
            "previous": card_url(ids[index - 1], **params) if index > 0 else None,
            "next": card_url(ids[index + 1], **params) if index + 1 < len(ids) else None,
            "position": index + 1,
            "total": len(ids),
        }

    def _list_ids(self, request: HttpRequest, params: dict) -> list[str]:
        """The candidates of the list page the card was opened from, in the list's order."""
        listing = copy.copy(request)
        listing.GET = QueryDict(params["list"])
        try:
            changelist = self.get_changelist_instance(listing)
        except IncorrectLookupParameters:
            return []
        return [str(pk) for pk in changelist.result_list.values_list("pk", flat=True)]

    def _board_ids(self, params: dict) -> list[str]:
        board, stage = params.get("board", ""), params.get("stage", "")
        if not board.isdigit() or stage not in CandidateStatus.values:
            return []
        ids = board_column_candidate_ids(
            vacancy_id=int(board), stage=stage, search=params.get("q", ""), source=params.get("source", "")
        )
        return [str(pk) for pk in ids]
