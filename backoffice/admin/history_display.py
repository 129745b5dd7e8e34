"""The candidate's history as HR reads it: each entry one sentence in the reader's language.

The sentence is built from the entry's kind and stored values (status codes, grade values, the
test's title, the interview's time shown in the reader's time zone), never by reading stored text
back; "who" is the user and the path (board, bulk action, API key…), the path in the reader's
language too. Entries come with `actor` and `application__vacancy` joined
(candidates.selectors.candidate_history), so turning them into rows runs no query.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from automation.models import RejectionReason
from candidates.models import (
    WITHDRAWN_BY_CANDIDATE,
    ApplicationSource,
    Candidate,
    CandidateStatus,
    HistoryEntry,
    HistoryKind,
)


@dataclass(frozen=True)
class HistoryRow:
    kind: str
    when: dt.datetime
    text: str
    application: str  # the vacancy's name; "" when the entry is about the candidate as a whole
    who: str


def _with_rejection_reasons(entries: Iterable[HistoryEntry]) -> list[HistoryEntry]:
    """Name the rejection reasons kept on stage changes (one query, only when there are any)."""
    entries = list(entries)
    codes = {e.details.get("rejection_reason") for e in entries if e.details.get("rejection_reason")}
    if codes:
        names = {reason.code: reason.label() for reason in RejectionReason.objects.filter(code__in=codes)}
        for entry in entries:
            code = entry.details.get("rejection_reason")
            if code:
                entry.rejection_reason_label = names.get(code, code)
    return entries


def history_rows(entries: Iterable[HistoryEntry]) -> list[HistoryRow]:
    entries = _with_rejection_reasons(entries)
    return [
        HistoryRow(
            kind=entry.kind,
            when=entry.created_at,
            text=history_text(entry),
            application=entry.application.vacancy.name if entry.application_id else "",
            who=history_actor(entry),
        )
        for entry in entries
    ]


def status_label(value: str) -> str:
    """A status code as its label in the reader's language ("test_assigned" -> "Test assigned")."""
    return str(CandidateStatus(value).label) if value in CandidateStatus.values else value or "—"


def history_text(entry: HistoryEntry) -> str:
    if entry.kind in FIXED_TEXTS:
        return str(FIXED_TEXTS[entry.kind])
    if entry.kind in TEXT_BUILDERS:
        return TEXT_BUILDERS[entry.kind](entry)
    return str(entry.get_kind_display())


def _values(entry: HistoryEntry) -> dict:
    return {"old": entry.from_value or "—", "new": entry.to_value, "value": entry.to_value}


def _status_changed(entry: HistoryEntry) -> str:
    text = _("Stage changed: %(old)s → %(new)s") % {
        "old": status_label(entry.from_value),
        "new": status_label(entry.to_value),
    }
    reason = getattr(entry, "rejection_reason_label", "")
    return text + " " + _("(reason: %(reason)s)") % {"reason": reason} if reason else text


def _analysed(entry: HistoryEntry) -> str:
    if not entry.to_value:
        return _("AI analysis without a rating")
    return _("AI analysis: rating %(rating)s/100") % {"rating": entry.to_value}


def _invited(entry: HistoryEntry) -> str:
    return _("Invited to the test “%(test)s”") % {"test": entry.details.get("test") or entry.to_value}


def _cv_updated(entry: HistoryEntry) -> str:
    if not entry.details.get("filename"):
        return _("CV replaced")
    return _("CV replaced: %(file)s") % {"file": entry.details["filename"]}


def _field_label(name: str) -> str:
    try:
        return str(Candidate._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field renamed since the entry was written: its stored name
        return name


def _contact_updated(entry: HistoryEntry) -> str:
    fields = [_field_label(name) for name in entry.details.get("fields", [])]
    if not fields:
        return _("Contact details updated")
    return _("Contact details updated: %(fields)s") % {"fields": ", ".join(fields)}


def _interview_scheduled(entry: HistoryEntry) -> str:
    try:
        starts_at = dt.datetime.fromisoformat(entry.details["starts_at"])
    except (KeyError, TypeError, ValueError):
        return _("Interview scheduled")
    when = formats.date_format(timezone.localtime(starts_at), "j E Y, H:i")
    return _("Interview scheduled for %(time)s") % {"time": when}


def _booking_requested(entry: HistoryEntry) -> str:
    minutes = entry.details.get("duration_minutes")
    if not minutes:
        return _("Asked to choose an interview time")
    return _("Asked to choose a time for a %(minutes)s-minute interview") % {"minutes": minutes}


def _owner_assigned(entry: HistoryEntry) -> str:
    return _("Owner set to %(owner)s") % {"owner": entry.details.get("owner") or entry.to_value}


MATCHED_ON = {
    "telegram_id": gettext_lazy("Telegram account"),
    "phone": gettext_lazy("phone"),
    "email": gettext_lazy("email"),
}


def _joined_existing(entry: HistoryEntry) -> str:
    source = entry.details.get("via", "")
    via = str(ApplicationSource(source).label) if source in ApplicationSource.values else source
    matched = MATCHED_ON.get(entry.details.get("matched_on", ""), entry.details.get("matched_on", ""))
    return _("Came in again through %(via)s: recognised by the same %(matched)s") % {
        "via": via,
        "matched": matched,
    }


def _short_id(entry: HistoryEntry) -> str:
    return str(entry.details.get("other_id", ""))[:8]


FIXED_TEXTS = {
    HistoryKind.APPLIED: gettext_lazy("Applied"),
    HistoryKind.MESSAGE_SENT: gettext_lazy("Sent a Telegram message"),
    HistoryKind.ANONYMISED: gettext_lazy("Anonymised the candidate's personal data"),
    HistoryKind.DATA_EXPORTED: gettext_lazy("Exported the personal data (JSON)"),
}
TEXT_BUILDERS: dict[str, Callable[[HistoryEntry], str]] = {
    HistoryKind.STATUS_CHANGED: _status_changed,
    HistoryKind.ANALYSED: _analysed,
    HistoryKind.GRADE_ADDED: lambda e: _("Added grade %(value)s") % _values(e),
    HistoryKind.GRADE_EDITED: lambda e: _("Grade changed: %(old)s → %(new)s") % _values(e),
    HistoryKind.GRADE_EDITED_AFTER_SHARING: lambda e: (
        _("Grade changed after it was shared with OneF: %(old)s → %(new)s") % _values(e)
    ),
    HistoryKind.GRADE_SHARED: lambda e: _("Shared grade %(value)s with OneF") % _values(e),
    HistoryKind.INVITED: _invited,
    HistoryKind.CV_UPDATED: _cv_updated,
    HistoryKind.CONTACT_UPDATED: _contact_updated,
    HistoryKind.INTERVIEW_SCHEDULED: _interview_scheduled,
    HistoryKind.BOOKING_REQUESTED: _booking_requested,
    HistoryKind.OWNER_ASSIGNED: _owner_assigned,
    HistoryKind.JOINED_EXISTING: _joined_existing,
    HistoryKind.MERGED: lambda e: (
        _("Merged the duplicate record %(id)s into this candidate") % {"id": _short_id(e)}
    ),
    HistoryKind.MERGED_INTO: lambda e: _("Merged into the candidate %(id)s") % {"id": _short_id(e)},
    HistoryKind.MERGE_UNDONE: lambda e: _("Undid the merge with the record %(id)s") % {"id": _short_id(e)},
    # The former audit log's own words, as it stored them (candidates migration 0011).
    HistoryKind.LEGACY_NOTE: lambda e: str(e.details.get("text", "")),
}

# The paths the services store in `actor_label` (the constants of the apps that write them).
PATHS = {
    "board": gettext_lazy("board"),
    "candidate page": gettext_lazy("candidate page"),
    "bulk action": gettext_lazy("bulk action"),
    "automatic rule": gettext_lazy("automatic rule"),
    "retention rule": gettext_lazy("retention rule"),
    "notification": gettext_lazy("notification"),
    "bot": gettext_lazy("Telegram bot"),
    "careers page": gettext_lazy("careers page"),
    "API": gettext_lazy("API"),
    WITHDRAWN_BY_CANDIDATE: gettext_lazy("the candidate (withdrew)"),
}
API_KEY_PREFIX = "API key "  # onef_api.views.base.api_actor_label: "API key <the key's name>"


RULE_PREFIX = "rule: "  # automation.models.AutomationRule.actor_label: "rule: <the rule's name>"


def _path(label: str) -> str:
    if label in PATHS:
        return str(PATHS[label])
    if label.startswith(RULE_PREFIX):
        return _("rule “%(name)s”") % {"name": label.removeprefix(RULE_PREFIX)}
    if label.startswith(API_KEY_PREFIX):
        return _("API key %(name)s") % {"name": label.removeprefix(API_KEY_PREFIX)}
    return label


def history_actor(entry: HistoryEntry) -> str:
    path = _path(entry.actor_label)
    if entry.actor_id is None:
        return path or _("system")
    return f"{entry.actor} ({path})" if path else str(entry.actor)
