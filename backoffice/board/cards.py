"""The board's cards as HTML, built in Python: with 2,000 cards the template engine took seconds
(a select of seven stages, a CSRF field, a URL and plural texts per card); this takes milliseconds.
Everything from the database is escaped (the standard library's html.escape, which Django's escape
wraps: the same output without a lazy-string wrapper per call); the texts are translated once per
distinct value and language."""

from functools import cache
from html import escape as _escape
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backoffice.board.selectors import BoardCard, BoardColumn
from candidates.models import ApplicationSource, CandidateStatus


def _esc(value) -> str:
    return _escape(str(value))


CANDIDATE_URL_MARKER = "00000000-0000-0000-0000-000000000000"


@cache
def _days_text(days: int, language: str) -> str:
    return ngettext("%(days)s day in stage", "%(days)s days in stage", days) % {"days": days}


@cache
def _unread_text(count: int, language: str) -> str:
    return ngettext("%(n)s unread", "%(n)s unread", count) % {"n": count}


@cache
def _source_label(source: str, language: str) -> str:
    return str(ApplicationSource(source).label) if source in ApplicationSource.values else source


def _stage_options(selected: str) -> str:
    return "".join(
        format_html(
            '<option value="{}"{}>{}</option>', value, " selected" if value == selected else "", label
        )
        for value, label in CandidateStatus.choices
    )


@cache
def _labels(language: str) -> tuple[str, str, str]:
    return _esc(_("AI rating")), _esc(_("not rated")), _esc(_("Test"))


def _facts(card: BoardCard, language: str) -> str:
    ai_rating, not_rated, test = _labels(language)
    rating = f"{card.ai_rating}/100" if card.ai_rating is not None else not_rated
    parts = [
        f'<span class="board-source board-source-{_esc(card.source)}">{_esc(_source_label(card.source, language))}</span>',
        f'<span class="board-rating" title="{ai_rating}">{rating}</span>',
        f'<span class="board-days">{_esc(_days_text(card.days_in_stage, language))}</span>',
    ]
    if card.sla_overdue:
        over = _esc(_("Over the SLA"))  # outside the f-string: xgettext does not read inside one
        parts.append(f'<span class="board-sla">{over}</span>')
    if card.unread_count:
        parts.append(f'<span class="board-unread">{_esc(_unread_text(card.unread_count, language))}</span>')
    if card.test_status:
        score = f"{card.test_percentage:.0f}% " if card.test_percentage is not None else ""
        parts.append(
            f'<span class="board-test board-test-{_esc(card.test_status)}">'
            f"{test}: {score}{_esc(card.test_label)}</span>"
        )
    return f'<span class="board-facts">{"".join(parts)}</span>'


def cards_html(
    columns: list[BoardColumn],
    *,
    can_move: bool,
    move_url: str,
    csrf_token: str,
    search: str,
    language: str,
    vacancy_id: int | None = None,
    source: str = "",
) -> None:
    """Set `html` on each column: its cards, ready for the template. A card opens the candidate's
    card, which walks the column (next/previous) with the board's search and source."""
    card_link = reverse("admin:candidates_candidate_card", args=[CANDIDATE_URL_MARKER])
    move_label, move_to, action = _esc(_("Move")), _esc(_("Move to")), _esc(move_url)
    draggable = ' draggable="true"' if can_move else ""
    hidden = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{_esc(csrf_token)}">'
        f'<input type="hidden" name="q" value="{_esc(search)}">'
        f'<input type="hidden" name="source" value="{_esc(source)}">'
    )
    for column in columns:
        options = _stage_options(column.status)
        kept = {"q": search, "board": vacancy_id or "", "stage": column.status, "source": source}
        column_query = "?" + urlencode({key: value for key, value in kept.items() if value})
        cards = []
        for card in column.cards:
            pk = card.pk
            link = card_link.replace(CANDIDATE_URL_MARKER, str(card.candidate_id)) + column_query
            form = ""
            if can_move:
                form = (
                    f'<form method="post" action="{action}" class="board-move">{hidden}'
                    f'<input type="hidden" name="application" value="{pk}">'
                    f'<label for="move-{pk}">{move_to}</label>'
                    f'<select name="status" id="move-{pk}">{options}</select>'
                    f'<button type="submit" class="button">{move_label}</button></form>'
                )
            cards.append(
                f'<li class="board-card" id="card-{pk}" data-application="{pk}" data-days="{card.days_in_stage}"'
                f"{draggable}>"
                f'<a class="board-name" href="{_esc(link)}">{_esc(card.candidate_name)}</a>'
                f"{_facts(card, language)}{form}</li>"
            )
        column.html = mark_safe("".join(cards))  # every value above is escaped
