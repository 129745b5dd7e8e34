"""One browser at a time: the attempt is held by the browser that started it (a hash of its cookie).

Another browser may take the test over (the candidate moved to another phone, or the first one
died); every move is a proctoring event the reviewer sees, naming both browsers by their family.
"""

import datetime as dt

from django.utils import timezone

from tests_app.models import Attempt, ProctorEvent, ProctorEventKind
from tests_app.services.closing import attempt_close_if_due
from tests_app.services.transitions import (
    attempt_locked,
    attempt_require_open,
    attempt_transaction,
)


def attempt_device_move(
    *, attempt: Attempt, device_key: str, device_label: str, now: dt.datetime | None = None
) -> Attempt:
    """Give the attempt in progress to another browser and record the move (also a sign of life)."""
    now = now or timezone.now()
    attempt = attempt_close_if_due(attempt=attempt, now=now)
    with attempt_transaction(attempt):
        attempt = attempt_locked(attempt)
        attempt_require_open(attempt, action="device moves")
        if attempt.device_key == device_key:
            return attempt
        ProctorEvent.objects.create(
            attempt=attempt,
            kind=ProctorEventKind.DEVICE_MOVED,
            occurred_at=now,
            details={"from": attempt.device_label or "unknown", "to": device_label[:100] or "unknown"},
        )
        attempt.device_key, attempt.device_label = device_key, device_label[:100]
        fields = ["device_key", "device_label", "updated_at"]
        if attempt.deadline and now <= attempt.deadline:
            attempt.last_heartbeat_at = now
            fields.append("last_heartbeat_at")
        attempt.save(update_fields=fields)
    return attempt
