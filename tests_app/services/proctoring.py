"""Proctoring events reported by the test page (tab hidden or shown, focus lost or regained, paste)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from tests_app.models import Attempt, AttemptStatus, ProctorEvent, ProctorEventKind
from tests_app.services.transitions import InvalidTransition

# A page records a handful of events a minute; the caps stop a script from flooding the table.
MAX_PROCTOR_EVENTS_PER_CALL = 50
MAX_PROCTOR_EVENTS_PER_ATTEMPT = 2_000


def proctor_events_record(*, attempt: Attempt, events: list[dict], now: dt.datetime | None = None) -> int:
    """Store proctoring events reported by the page; returns how many were stored.

    Each event is {"kind": ProctorEventKind, "ago_ms": int >= 0, "duration_ms": int | None,
    "details": dict}. The page reports how long ago an event happened rather than a timestamp,
    so a wrong clock on the phone does not scramble the timeline.
    """
    now = now or timezone.now()
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise InvalidTransition("This attempt is not open.")
    if not isinstance(events, list) or len(events) > MAX_PROCTOR_EVENTS_PER_CALL:
        raise ValidationError({"events": f"Send a list of at most {MAX_PROCTOR_EVENTS_PER_CALL} events."})
    rows = [_proctor_event(attempt, event, now) for event in events]
    if attempt.proctor_events.count() + len(rows) > MAX_PROCTOR_EVENTS_PER_ATTEMPT:
        raise ValidationError({"events": "Too many events for this attempt."})
    ProctorEvent.objects.bulk_create(rows)
    return len(rows)


def _proctor_event(attempt: Attempt, event: object, now: dt.datetime) -> ProctorEvent:
    if not isinstance(event, dict) or event.get("kind") not in ProctorEventKind.values:
        raise ValidationError({"events": f"Each event needs a kind out of {ProctorEventKind.values}."})
    ago_ms, duration_ms = event.get("ago_ms", 0), event.get("duration_ms")
    if not isinstance(ago_ms, int) or isinstance(ago_ms, bool) or not 0 <= ago_ms <= 86_400_000:
        raise ValidationError({"events": "ago_ms must be a whole number of milliseconds (0 to a day)."})
    if duration_ms is not None and (
        not isinstance(duration_ms, int)
        or isinstance(duration_ms, bool)
        or not 0 <= duration_ms <= 86_400_000
    ):
        raise ValidationError({"events": "duration_ms must be a whole number of milliseconds (0 to a day)."})
    details = event.get("details") or {}
    if not isinstance(details, dict) or len(str(details)) > 1_000:
        raise ValidationError({"events": "details must be a small object."})
    occurred_at = max(now - dt.timedelta(milliseconds=ago_ms), attempt.started_at or now)
    return ProctorEvent(
        attempt=attempt, kind=event["kind"], occurred_at=occurred_at, duration_ms=duration_ms, details=details
    )
