"""Proctoring events reported by the test page (tab hidden or shown, focus lost or regained, paste)."""

import datetime as dt
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.utils import timezone

from tests_app.models import Attempt, ProctorEvent
from tests_app.services.attempts import attempt_touch
from tests_app.services.closing import attempt_close_if_due
from tests_app.services.transitions import attempt_locked, attempt_require_open, attempt_transaction

# A page records a handful of events a minute; the caps stop a script from flooding the table.
MAX_PROCTOR_EVENTS_PER_CALL = 50
MAX_PROCTOR_EVENTS_PER_ATTEMPT = 2_000
# How far back an event may be reported (`ago_ms`) and the longest duration: a day.
MAX_EVENT_MS = 86_400_000
MAX_DETAILS_CHARS = 1_000


class ProctorEventData(TypedDict):
    """One event as `tests_app.serializers.ProctorEventsSerializer` validated it."""

    kind: str
    ago_ms: int
    duration_ms: int | None
    details: dict


def proctor_events_record(
    *, attempt: Attempt, events: list[ProctorEventData], now: dt.datetime | None = None
) -> int:
    """Store the events of an attempt in progress; they also count as a heartbeat. Returns how many.

    The page reports how long ago an event happened rather than a timestamp, so a wrong clock on the
    phone does not scramble the timeline. A finished attempt is `AttemptClosed`, a deleted one
    (even while the events are being inserted) `AttemptGone`.
    """
    now = now or timezone.now()
    attempt = attempt_close_if_due(attempt=attempt, now=now)
    with attempt_transaction(attempt):
        attempt = attempt_locked(attempt)
        attempt_require_open(attempt, action="events")
        if attempt.proctor_events.count() + len(events) > MAX_PROCTOR_EVENTS_PER_ATTEMPT:
            raise ValidationError({"events": "Too many events for this attempt."})
        attempt_touch(attempt, now)
        ProctorEvent.objects.bulk_create([_proctor_event(attempt, event, now) for event in events])
    return len(events)


def _proctor_event(attempt: Attempt, event: ProctorEventData, now: dt.datetime) -> ProctorEvent:
    occurred_at = max(now - dt.timedelta(milliseconds=event["ago_ms"]), attempt.started_at or now)
    return ProctorEvent(
        attempt=attempt,
        kind=event["kind"],
        occurred_at=occurred_at,
        duration_ms=event["duration_ms"],
        details=event["details"],
    )
