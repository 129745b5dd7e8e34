"""The board's cards as HTML, built in Python: with 2,000 cards the template engine took seconds
(a select of seven stages, a CSRF field, a URL and plural texts per card); this takes milliseconds.
Everything from the database is escaped; the texts are translated once per distinct value."""

from functools import cache

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backoffice.board.selectors import BoardColumn
from candidates.models import ApplicationSource, CandidateStatus

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


def _facts(card, language: str) -> str:
    rating = f"{card.ai_rating}/100" if card.ai_rating is not None else escape(_("not rated"))
    parts = [
        f'<span class="board-source board-source-{escape(card.source)}">{escape(_source_label(card.source, language))}</span>',
        f'<span class="board-rating" title="{escape(_("AI rating"))}">{rating}</span>',
        f'<span class="board-days">{escape(_days_text(card.days_in_stage, language))}</span>',
    ]
    if card.unread_count:
        parts.append(f'<span class="board-unread">{escape(_unread_text(card.unread_count, language))}</span>')
    if card.test_status:
        score = f"{card.test_percentage:.0f}% " if card.test_percentage is not None else ""
        parts.append(
            f'<span class="board-test board-test-{escape(card.test_status)}">'
            f"{escape(_('Test'))}: {score}{escape(card.test_label)}</span>"
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
    source: str = "",
) -> None:
    """Set `html` on each column: its cards, ready for the template."""
    candidate_url = reverse("admin:candidates_candidate_change", args=[CANDIDATE_URL_MARKER])
    move_label, move_to = escape(_("Move")), escape(_("Move to"))
    draggable = ' draggable="true"' if can_move else ""
    hidden = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        f'<input type="hidden" name="q" value="{escape(search)}">'
        f'<input type="hidden" name="source" value="{escape(source)}">'
    )
    for column in columns:
        options = _stage_options(column.status)
        cards = []
        for card in column.cards:
            pk = card.pk
            link = candidate_url.replace(CANDIDATE_URL_MARKER, str(card.candidate.pk))
            form = ""
            if can_move:
                form = (
                    f'<form method="post" action="{escape(move_url)}" class="board-move">{hidden}'
                    f'<input type="hidden" name="application" value="{pk}">'
                    f'<label for="move-{pk}">{move_to}</label>'
                    f'<select name="status" id="move-{pk}">{options}</select>'
                    f'<button type="submit" class="button">{move_label}</button></form>'
                )
            cards.append(
                f'<li class="board-card" id="card-{pk}" data-application="{pk}" data-days="{card.days_in_stage}"'
                f"{draggable}>"
                f'<a class="board-name" href="{escape(link)}">{escape(str(card.candidate))}</a>'
                f"{_facts(card, language)}{form}</li>"
            )
        column.html = mark_safe("".join(cards))  # every value above is escaped
