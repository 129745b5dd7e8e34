"""The events feed: the outbox's events, read back in a stable order after they were sent.

An event's id is random and its insert time says nothing about when it became visible: on
PostgreSQL a transaction that started first may commit last. So feed positions are given *after*
commit: `events_position` numbers the committed events that have none yet, under a lock on the
single FeedCounter row, in one short transaction. Every event it numbers is visible to it, and any
event it cannot see yet (still uncommitted) gets a higher number later; a reader that has seen
position N therefore never misses an event by asking for positions above N, and never gets one twice.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Min, Value, When
from django.utils import timezone

from webhooks.models import Event, FeedCounter
from webhooks.payloads import in_spec_order, iso_utc

POSITION_BATCH = 1000
MAX_LIMIT = 500


class CursorExpired(Exception):
    """The cursor points before the retention window: events after it are no longer in the feed."""

    def __init__(self, oldest_cursor: str):
        super().__init__(oldest_cursor)
        self.oldest_cursor = oldest_cursor


@dataclass(frozen=True)
class FeedPage:
    items: list[dict[str, Any]]
    next_cursor: str
    has_more: bool


def events_position(*, batch: int = POSITION_BATCH) -> int:
    """Give feed positions to committed events that have none, oldest first. Returns how many."""
    with transaction.atomic():
        counter, _ = FeedCounter.objects.select_for_update().get_or_create(pk=1)
        ids = list(
            Event.objects.filter(position__isnull=True)
            .order_by("created_at", "id")
            .values_list("id", flat=True)[:batch]
        )
        if not ids:
            return 0
        whens = [When(id=event_id, then=Value(counter.last + n)) for n, event_id in enumerate(ids, 1)]
        Event.objects.filter(id__in=ids).update(position=Case(*whens))
        counter.last += len(ids)
        counter.save(update_fields=["last"])
    return len(ids)


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=settings.WEBHOOK_RETENTION_DAYS)


def feed_item(event: Event) -> dict[str, Any]:
    """One event as the feed shows it: the body exactly as the webhook sent it, with its headers' data."""
    return {
        "cursor": str(event.position),
        "id": str(event.id),
        "event_type": event.event_type,
        "candidate_id": str(event.candidate_id) if event.candidate_id else None,
        "candidate_sequence": event.sequence,
        "occurred_at": iso_utc(event.created_at),
        "body": in_spec_order(event.payload),
    }


def events_feed(
    *, after: int | None, types: list[str] | None = None, limit: int = 100, now: dt.datetime | None = None
) -> FeedPage:
    """Events after the cursor, oldest first, within WEBHOOK_RETENTION_DAYS (older payloads are purged).

    Raises CursorExpired when `after` points before the window and events were dropped since it.
    """
    while events_position() == POSITION_BATCH:
        pass
    window = Event.objects.filter(created_at__gte=retention_cutoff(now), position__isnull=False)
    if after is not None:
        oldest = window.aggregate(first=Min("position"))["first"]
        if (
            oldest is not None
            and after < oldest - 1
            and Event.objects.filter(position__gt=after, position__lt=oldest).exists()
        ):
            raise CursorExpired(str(oldest - 1))
        window = window.filter(position__gt=after)
    if types:
        window = window.filter(event_type__in=types)
    rows = list(window.order_by("position")[: limit + 1])
    items = [feed_item(event) for event in rows[:limit]]
    next_cursor = items[-1]["cursor"] if items else str(after or 0)
    return FeedPage(items=items, next_cursor=next_cursor, has_more=len(rows) > limit)
