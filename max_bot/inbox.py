"""MAX's part of the worker-handled inbox (webhook mode, `messaging.inbox`): storing what MAX posts and
reading the stored updates (`MaxUpdate`, the poller's inbox too) per chat."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from max_bot import services
from max_bot.channel import MAX
from max_bot.handling import handle_update
from max_bot.models import MaxUpdate
from messaging import inbox


def max_webhook_mode() -> bool:
    return settings.MAX_MODE == "webhook" and bool(settings.MAX_BOT_TOKEN)


def max_update_receive(*, payload: dict) -> bool:
    """Store an update MAX posted, once, and queue its chat's task after the commit. True when new.
    A database error propagates: the caller answers so that MAX sends it again."""
    with transaction.atomic():
        fresh = services.max_updates_store(payloads=[payload])
        if fresh:
            chat_id = services.update_chat(payload)
            transaction.on_commit(lambda: inbox.inbox_chat_enqueue(channel=MAX, chat_id=chat_id), robust=True)
    return bool(fresh)


def handle_stored_update(payload: dict) -> None:
    """`InboxSource.handle`: the row is found again by the update's key."""
    row_id = MaxUpdate.objects.filter(key=services.update_key(payload)).values_list("id", flat=True).first()
    if row_id is not None:
        handle_update(update_id=row_id, payload=payload)


class MaxInboxRows:
    """`messaging.inbox.InboxRows` over `MaxUpdate` (the key is the row id)."""

    @staticmethod
    def _pending():
        return MaxUpdate.objects.filter(handled_at=None)

    def oldest_pending(self, chat_id: int) -> inbox.InboxItem | None:
        first = self._pending().filter(chat_id=chat_id).order_by("id").values_list("id", "payload").first()
        return inbox.InboxItem(key=first[0], payload=first[1]) if first else None

    def is_pending(self, key: int) -> bool:
        return self._pending().filter(pk=key).exists()

    def chats_waiting(self, *, untouched_since: dt.datetime, limit: int) -> list[int]:
        rows = self._pending().filter(updated_at__lt=untouched_since)
        return list(rows.values_list("chat_id", flat=True).distinct().order_by("chat_id")[:limit])

    def touch(self, chat_ids: list[int]) -> None:
        if chat_ids:
            self._pending().filter(chat_id__in=chat_ids).update(updated_at=timezone.now())


MAX_ROWS = MaxInboxRows()
