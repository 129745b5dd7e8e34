"""The inbox of messenger updates handled by Celery workers, each chat in order (webhook mode).

Any web process stores an update the messenger pushed (Telegram: `messaging.telegram_inbox`) and,
once that is committed, queues `messaging.tasks.process_inbox_chat(channel, chat_id)`. The task
drains the chat (`inbox_chat_drain`):

1. it takes the chat's lease (`InboxLease`, one row per chat being handled, taken with one
   conditional write): a second worker finds the chat busy and leaves it to the holder;
2. the holder handles the chat's pending updates one at a time, oldest (lowest update id) first,
   renewing the lease before each; the channel's handler marks an update handled in the
   transaction of its effects, as in polling mode;
3. with none left it gives the lease back and looks once more: an update committed just before
   that found the chat busy, and nobody else will take it.

So two workers never handle one chat at once, and a later update never overtakes an earlier one
that was stored. An update still pending after its handler ran (the database failed, say) stops the
drain and the task is retried; a worker that dies leaves its lease to expire after
`INBOX_LEASE_SECONDS`, and the beat task `sweep_inbox` queues the chats whose pending updates
nobody holds (`inbox_sweep`). Only short transactions: it works behind PgBouncer in transaction mode.

Channels: a front door (the Telegram bot now, the MAX bot later) registers an `InboxSource`: how its
stored updates are read (`InboxRows`), how one is handled, and whether workers handle them at all
(polling mode handles them in the poller instead).
"""

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from messaging.models import InboxLease

logger = logging.getLogger(__name__)

DRAIN_MAX_UPDATES = 100  # then the task hands the rest of the chat to a new task (other chats go first)
# A chat writing faster than Telegram lets the bot answer it (once a second) waits on the limiter: its
# task gives the worker back after this long, so a few flooding chats cannot hold every worker.
DRAIN_MAX_SECONDS = 5.0
SWEEP_LIMIT = 500


@dataclass(frozen=True)
class InboxItem:
    key: int  # the update's id in its channel (Telegram's update_id)
    payload: dict


class InboxRows(Protocol):
    """A channel's stored updates."""

    def oldest_pending(self, chat_id: int) -> InboxItem | None: ...
    def is_pending(self, key: int) -> bool: ...
    def chats_waiting(self, *, untouched_since: dt.datetime, limit: int) -> list[int]: ...
    def touch(self, chat_ids: list[int]) -> None: ...


@dataclass(frozen=True)
class InboxSource:
    channel: str
    rows: InboxRows
    handle: Callable[[dict], None]  # handles one stored update (and marks it handled)
    active: Callable[[], bool]  # whether workers handle this channel's inbox (webhook mode)


_sources: dict[str, InboxSource] = {}


def inbox_source_register(source: InboxSource) -> None:
    """Called by a front door's AppConfig.ready()."""
    _sources[source.channel] = source


class Drained(StrEnum):
    EMPTY = "empty"  # nothing left in the chat
    BUSY = "busy"  # another worker holds the chat and drains what is left
    MORE = "more"  # this task did its share; the rest goes to a new task
    STALLED = "stalled"  # an update stayed pending after its handling: try again later
    INACTIVE = "inactive"  # the channel is not handled by workers (polling mode)


# --- The lease: one worker per chat ------------------------------------------------------------


def _lease_until(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(seconds=settings.INBOX_LEASE_SECONDS)


def inbox_lease_take(*, channel: str, chat_id: int) -> str | None:
    """Take the chat for this worker: its owner token, or None while another worker holds it."""
    owner = uuid.uuid4().hex
    now = timezone.now()
    expired = InboxLease.objects.filter(channel=channel, chat_id=chat_id, expires_at__lte=now)
    if expired.update(owner=owner, expires_at=_lease_until(now), updated_at=now):
        logger.warning("The worker holding %s chat %s stopped renewing it: taking over", channel, chat_id)
        return owner
    try:
        with transaction.atomic():
            InboxLease.objects.create(
                channel=channel, chat_id=chat_id, owner=owner, expires_at=_lease_until(now)
            )
    except IntegrityError:
        return None
    return owner


def inbox_lease_renew(*, channel: str, chat_id: int, owner: str) -> bool:
    """False when the lease is no longer this owner's (it expired and another worker took it)."""
    now = timezone.now()
    held = InboxLease.objects.filter(channel=channel, chat_id=chat_id, owner=owner)
    return bool(held.update(expires_at=_lease_until(now), updated_at=now))


def inbox_lease_release(*, channel: str, chat_id: int, owner: str) -> None:
    InboxLease.objects.filter(channel=channel, chat_id=chat_id, owner=owner).delete()


# --- Draining a chat ---------------------------------------------------------------------------


@dataclass
class _Budget:
    """One task's share: a chat with a long backlog must not hold a worker past its time limit."""

    max_updates: int
    max_seconds: float
    started: float = field(default_factory=time.monotonic)
    handled: int = 0

    def spent(self) -> bool:
        return self.handled >= self.max_updates or time.monotonic() - self.started >= self.max_seconds


def _drain_held(source: InboxSource, chat_id: int, owner: str, budget: _Budget) -> Drained:
    while (item := source.rows.oldest_pending(chat_id)) is not None:
        if budget.spent():
            return Drained.MORE
        if not inbox_lease_renew(channel=source.channel, chat_id=chat_id, owner=owner):
            logger.warning("Lost the lease of %s chat %s to another worker", source.channel, chat_id)
            return Drained.BUSY
        source.handle(item.payload)
        budget.handled += 1
        if source.rows.is_pending(item.key):
            logger.warning("%s update %s is still pending after its handling", source.channel, item.key)
            return Drained.STALLED
    return Drained.EMPTY


def inbox_chat_drain(
    *, channel: str, chat_id: int, max_updates: int = DRAIN_MAX_UPDATES, max_seconds: float | None = None
) -> Drained:
    """Handle the chat's pending updates in order unless another worker holds the chat."""
    source = _sources.get(channel)
    if source is None or not source.active():
        return Drained.INACTIVE
    if max_seconds is None:
        max_seconds = min(DRAIN_MAX_SECONDS, settings.CELERY_TASK_SOFT_TIME_LIMIT / 2)
    budget = _Budget(max_updates=max_updates, max_seconds=max_seconds)
    while True:
        owner = inbox_lease_take(channel=channel, chat_id=chat_id)
        if owner is None:
            return Drained.BUSY
        try:
            drained = _drain_held(source, chat_id, owner, budget)
        finally:
            inbox_lease_release(channel=channel, chat_id=chat_id, owner=owner)
        if drained is not Drained.EMPTY:
            return drained
        # A task for an update committed while we held the chat found it busy: look once more.
        if source.rows.oldest_pending(chat_id) is None:
            return Drained.EMPTY


def inbox_chat_enqueue(*, channel: str, chat_id: int) -> None:
    """Queue the chat's task; a broker that is down is logged (the sweeper queues it later)."""
    from messaging.tasks import process_inbox_chat  # the task calls these services: a genuine cycle

    try:
        process_inbox_chat.delay(channel, chat_id)
    except Exception:
        logger.warning(
            "Could not queue the %s inbox of chat %s; the sweeper will", channel, chat_id, exc_info=True
        )


def inbox_sweep(*, older_than: dt.timedelta) -> int:
    """Queue the chats whose pending updates waited `older_than` untouched and that no worker holds
    (a task lost with a broker outage, or a worker that died). Returns how many chats were queued."""
    now = timezone.now()
    queued = 0
    for source in _sources.values():
        if not source.active():
            continue
        waiting = source.rows.chats_waiting(untouched_since=now - older_than, limit=SWEEP_LIMIT)
        held = set(
            InboxLease.objects.filter(
                channel=source.channel, chat_id__in=waiting, expires_at__gt=now
            ).values_list("chat_id", flat=True)
        )
        lost = [chat_id for chat_id in waiting if chat_id not in held]
        source.rows.touch(lost)  # so the next sweep leaves them to the task queued now
        for chat_id in lost:
            inbox_chat_enqueue(channel=source.channel, chat_id=chat_id)
        queued += len(lost)
    if queued:
        logger.info("Queued %s inbox chats whose updates waited", queued)
    return queued
