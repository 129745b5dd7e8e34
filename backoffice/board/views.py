"""The board's two views: the page (GET) and a move (POST, from the card's form or from drag and drop).

A move calls the same service as every other path (API, admin form, bulk action), so the history
(with the user and "board") and the `candidate_status_changed` webhook follow it.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from automation import selectors as automation_selectors
from automation import services as automation_services
from backoffice.board.access import can_view_board
from backoffice.board.automation import automation_context
from backoffice.board.cards import cards_html
from backoffice.board.selectors import PAGE_CARDS, BoardColumn, board_cards, board_columns, board_stats
from candidates.models import Application, ApplicationSource, CandidateStatus, Vacancy

BOARD_ACTOR = "board"
__all__ = ["board_move_view", "board_view", "can_view_board"]


class MoveForm(forms.Form):
    application = forms.IntegerField(min_value=1)
    status = forms.ChoiceField(choices=CandidateStatus.choices)
    # Picked in the board's dialog when a card goes to "Rejected" (the reports count it).
    rejection_reason = forms.ModelChoiceField(
        queryset=automation_selectors.rejection_reasons(), required=False
    )
    q = forms.CharField(required=False, max_length=200)
    source = forms.CharField(required=False, max_length=20)


class MoreForm(forms.Form):
    """ "Show more" of one column: its cards from `offset` on."""

    column = forms.ChoiceField(choices=CandidateStatus.choices)
    offset = forms.IntegerField(min_value=0, max_value=1_000_000)


def _filters(request: HttpRequest, data) -> tuple[str, str]:
    search = data.get("q", "").strip()[:200]
    source = data.get("source", "")
    return search, source if source in ApplicationSource.values else ""


def _render_cards(
    request: HttpRequest, columns: list[BoardColumn], vacancy: Vacancy, search: str, source: str
) -> tuple[bool, str, dict]:
    can_move = request.user.has_perm("candidates.change_application")
    move_url = reverse("admin:candidates_vacancy_board_move", args=[vacancy.pk])
    automation = automation_context(request, vacancy, columns)  # before the cards: their SLA flags
    cards_html(
        columns,
        can_move=can_move,
        move_url=move_url,
        csrf_token=get_token(request),
        search=search,
        vacancy_id=vacancy.pk,
        source=source,
        language=translation.get_language() or "",
    )
    return can_move, move_url, automation


def _more(request: HttpRequest, vacancy: Vacancy, search: str, source: str) -> JsonResponse:
    """The next cards of one column, as HTML for the board's script to append."""
    form = MoreForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors}, status=400)
    status, offset = form.cleaned_data["column"], form.cleaned_data["offset"]
    column = BoardColumn(status=status, label=CandidateStatus(status).label)
    column.cards = board_cards(vacancy=vacancy, status=status, offset=offset, search=search, source=source)
    _render_cards(request, [column], vacancy, search, source)
    full = len(column.cards) == PAGE_CARDS
    return JsonResponse(
        {"ok": True, "html": column.html, "next": offset + len(column.cards) if full else None}
    )


def board_view(model_admin, request: HttpRequest, vacancy_id: int) -> HttpResponse:
    if not can_view_board(request):
        raise PermissionDenied
    vacancy = get_object_or_404(Vacancy, pk=vacancy_id)
    search, source = _filters(request, request.GET)
    if "column" in request.GET:
        return _more(request, vacancy, search, source)
    columns = board_columns(vacancy=vacancy, search=search, source=source)
    can_move, move_url, automation = _render_cards(request, columns, vacancy, search, source)
    context = {
        **model_admin.admin_site.each_context(request),
        "is_nav_sidebar_enabled": False,  # the seven columns need the width
        "title": _("Board: %(vacancy)s") % {"vacancy": vacancy.name},
        "opts": Vacancy._meta,
        "vacancy": vacancy,
        "columns": columns,
        "search": search,
        "source": source,
        "sources": ApplicationSource.choices,
        "total": sum(column.count for column in columns),
        "can_move": can_move,
        "move_url": move_url,
        "more_url": reverse("admin:candidates_vacancy_board", args=[vacancy.pk]),
        "rejection_reasons": list(automation_selectors.rejection_reasons()) if can_move else [],
        "rejected_status": CandidateStatus.REJECTED,
        **automation,
    }
    return TemplateResponse(request, "admin/candidates/vacancy/board.html", context)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(vacancy: Vacancy, search: str, application_id: int | None = None) -> HttpResponseRedirect:
    url = reverse("admin:candidates_vacancy_board", args=[vacancy.pk])
    if search:
        url += "?" + urlencode({"q": search})
    return HttpResponseRedirect(url + (f"#card-{application_id}" if application_id else ""))


def board_move_view(model_admin, request: HttpRequest, vacancy_id: int) -> HttpResponse:
    if not (can_view_board(request) and request.user.has_perm("candidates.change_application")):
        raise PermissionDenied
    vacancy = get_object_or_404(Vacancy, pk=vacancy_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": form.errors}, status=400)
        model_admin.message_user(request, _("Not moved: choose a stage."), messages.ERROR)
        return _back(vacancy, request.POST.get("q", "")[:200])
    data = form.cleaned_data
    application = get_object_or_404(
        Application.objects.select_related("candidate"), pk=data["application"], vacancy=vacancy
    )
    changed = automation_services.application_move_with_reason(
        application=application,
        status=data["status"],
        rejection_reason=data["rejection_reason"],
        actor=request.user,
        actor_label=BOARD_ACTOR,
    )
    label = CandidateStatus(data["status"]).label
    text = _("%(name)s moved to “%(stage)s”.") % {"name": application.candidate, "stage": label}
    if _wants_json(request):
        search, source = _filters(request, data)
        stats = {
            column.status: {
                "count": column.count,
                "oldest": column.oldest_days,
                "average": column.average_days,
            }
            for column in board_stats(vacancy=vacancy, search=search, source=source)
        }
        return JsonResponse(
            {"ok": True, "changed": changed, "status": data["status"], "message": text, "columns": stats}
        )
    model_admin.message_user(request, text, messages.SUCCESS)
    return _back(vacancy, data["q"], application.pk)
