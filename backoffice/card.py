"""What the candidate card shows besides the candidate page's panels: the CV with the search words
highlighted, one timeline (history, messages, test results, interviews) and each application's
latest AI analysis as matched / partly matched / missing. Pure functions over rows already loaded,
so the card's query count does not grow with the number of applications, messages or entries."""

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from backoffice.admin.analysis_display import Requirement, analysis_requirements
from backoffice.admin.history_display import HistoryRow
from candidates.models import Application, Candidate, HistoryKind
from candidates.screening.comment import analysis_comment

MAX_WORDS = 8
MESSAGE_PREVIEW = 160


def card_url(candidate_id, **params: str) -> str:
    """The card's address; `params` (q, list, board, stage, source) keep the list it was opened from."""
    url = reverse("admin:candidates_candidate_card", args=[candidate_id])
    kept = {key: value for key, value in params.items() if value}
    return f"{url}?{urlencode(kept)}" if kept else url


def search_words(text: str) -> list[str]:
    words = [word.strip("\"'.,;:()") for word in text.split()]
    return [word for word in words if len(word) >= 2][:MAX_WORDS]


def highlighted(text: str, words: list[str]) -> SafeString:
    """`text` escaped, each search word (case-insensitive) wrapped in <mark>."""
    if not words:
        return escape(text)
    pattern = re.compile("(" + "|".join(re.escape(word) for word in words) + ")", re.IGNORECASE)
    parts = pattern.split(text)
    html = "".join(f"<mark>{escape(part)}</mark>" if i % 2 else escape(part) for i, part in enumerate(parts))
    return mark_safe(html)  # every part is escaped above


@dataclass(frozen=True)
class CardCV:
    text: str
    html: SafeString
    filename: str
    kind: str  # "pdf", "docx", "" (other or none)
    matches: int


def card_cv(candidate: Candidate, application: Application | None, search: str) -> CardCV:
    """The current application's CV (else the candidate's): its stored extracted text."""
    source = application if application is not None and application.cv_text else candidate
    words = search_words(search)
    filename = source.cv_filename or candidate.cv_filename
    kind = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    html = highlighted(source.cv_text, words)
    return CardCV(
        source.cv_text, html, filename, kind if kind in ("pdf", "docx") else "", html.count("<mark>")
    )


@dataclass(frozen=True)
class TimelineItem:
    when: dt.datetime
    kind: str
    text: str
    application: str = ""
    who: str = ""


def _message_items(thread) -> list[TimelineItem]:
    items = []
    for message in thread:
        preview = Truncator(message.text).chars(MESSAGE_PREVIEW)
        if message.direction == "inbound":
            items.append(TimelineItem(message.created_at, "message-in", _("Candidate wrote: %s") % preview))
        else:
            who = str(message.sent_by) if message.sent_by_id else _("system")
            items.append(TimelineItem(message.created_at, "message-out", _("Sent: %s") % preview, who=who))
    return items


def _attempt_items(attempts) -> list[TimelineItem]:
    items = []
    for attempt in attempts:
        if attempt.submitted_at is None:
            continue
        score = f"{attempt.percentage:.0f}%" if attempt.percentage is not None else "—"
        text = _("Test “%(test)s”: %(score)s, %(status)s") % {
            "test": attempt.test.title,
            "score": score,
            "status": attempt.get_status_display(),
        }
        items.append(TimelineItem(attempt.submitted_at, "test", text))
    return items


def _interview_items(interviews) -> list[TimelineItem]:
    return [
        TimelineItem(
            interview.starts_at,
            "interview",
            _("Interview (%(format)s)") % {"format": interview.get_format_display()},
            interview.application.vacancy.name,
        )
        for interview in interviews
    ]


def timeline(*, history: list[HistoryRow], thread, attempts, interviews) -> list[TimelineItem]:
    """Everything that happened, newest first. Sent messages come from the chat, not twice."""
    items = [
        TimelineItem(row.when, row.kind, row.text, row.application, row.who)
        for row in history
        if row.kind != HistoryKind.MESSAGE_SENT
    ]
    items += _message_items(thread) + _attempt_items(attempts) + _interview_items(interviews)
    return sorted(items, key=lambda item: item.when, reverse=True)


@dataclass
class CardAnalysis:
    application: Application
    rating: int | None
    comment: str
    matched: list[Requirement] = field(default_factory=list)
    partial: list[Requirement] = field(default_factory=list)
    missing: list[Requirement] = field(default_factory=list)


def card_analyses(applications: list[Application], analyses: list) -> list[CardAnalysis]:
    """Each application's latest analysis (`analyses` newest first, application and vacancy joined)."""
    latest: dict[int, object] = {}
    for analysis in analyses:
        if analysis.application_id is not None:
            latest.setdefault(analysis.application_id, analysis)
    result = []
    for application in applications:
        analysis = latest.get(application.pk)
        if analysis is None:
            continue
        requirements = analysis_requirements(analysis.breakdown)
        card = CardAnalysis(application, analysis.rating, analysis_comment(analysis))
        for requirement in requirements:
            {"met": card.matched, "partial": card.partial, "missing": card.missing}[
                requirement.outcome
            ].append(requirement)
        result.append(card)
    return result
