"""Who may send a delivery: the holder of its lease (`Delivery.locked_until`), taken on a due row."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q

from webhooks.models import DeliveryStatus


def skip_locked() -> dict[str, Any]:
    # SQLite has no row locks (its IMMEDIATE transactions serialise writers instead).
    if connection.features.has_select_for_update_skip_locked:
        return {"skip_locked": True, "of": ("self",)}
    return {}


def commit_without_waiting_for_disk() -> None:
    """For the worker's bookkeeping only: a crash may lose the last such commits, never an event.

    Losing a claim or an outcome only means the delivery is sent again (same webhook-id), which
    at-least-once delivery allows; the event and its delivery rows were committed durably with
    the change. It spares a disk flush (~10 ms on a busy disk) twice per attempt.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def lease_seconds() -> float:
    return float(settings.WEBHOOK_LEASE_SECONDS)


def claimable(now: dt.datetime) -> Q:
    """Deliveries due at `now` to an enabled endpoint and not finished."""
    return (
        Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.DELIVERING])
        & Q(endpoint__is_enabled=True)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    )


def unleased(now: dt.datetime) -> Q:
    """Deliveries no one holds at `now`."""
    return Q(locked_until__isnull=True) | Q(locked_until__lt=now)
