"""Small pieces of HTML and text the back-office pages share."""

from django.core.exceptions import ValidationError
from django.utils.html import format_html

from candidates.models import CandidateStatus

STATUS_COLOURS = {
    CandidateStatus.NEW: "#417690",
    CandidateStatus.REVIEWING: "#8a6d00",
    CandidateStatus.TEST_ASSIGNED: "#6f42c1",
    CandidateStatus.TEST_COMPLETED: "#0b7285",
    CandidateStatus.INTERVIEW: "#c2410c",
    CandidateStatus.ACCEPTED: "#237032",
    CandidateStatus.REJECTED: "#6c757d",
}
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def status_badge(status: str, label: str) -> str:
    return format_html(
        '<span class="status-badge" data-status="{}" style="background:{};color:#fff;padding:2px 8px;'
        'border-radius:10px;font-size:.85em;white-space:nowrap">{}</span>',
        status,
        STATUS_COLOURS.get(status, "#666"),
        label,
    )


def csv_safe(value: object) -> str:
    """Spreadsheet apps run cells that look like formulas; a leading quote keeps them text."""
    text = "" if value is None else str(value)
    if text.startswith(CSV_FORMULA_PREFIXES) and not text[1:].replace(" ", "").isdigit():
        return "'" + text
    return text


def validation_message(error: ValidationError) -> str:
    return " ".join(error.messages)
