"""Telegram's part of the worker-handled inbox (webhook mode): storing what Telegram pushes, and
reading the stored updates (`messaging.TelegramUpdate`, the poller's inbox too) per chat.

The rows are the same in both modes: an update is stored once by its update_id, with its chat, and
marked handled in the transaction of its effects. In webhook mode a web process stores it and
Celery workers handle it (`messaging.inbox`); the bot registers how (`telegram_bot.apps`).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from messaging import inbox, services
from messaging.models import TelegramUpdate

TELEGRAM = "telegram"


def telegram_webhook_mode() -> bool:
    """Updates come through the webhook and workers handle them (else the poller does both)."""
    return settings.TELEGRAM_MODE == "webhook" and bool(settings.TELEGRAM_BOT_TOKEN)


def telegram_update_receive(*, payload: dict) -> bool:
    """Store an update Telegram pushed, once (by its update_id), and queue its chat's task after the
    commit. True when it was new. A database error propagates: the caller answers so that Telegram
    sends the update again."""
    with transaction.atomic():
        fresh = services.telegram_updates_store(payloads=[payload])
        if fresh:
            chat_id = TelegramUpdate.chat_of(payload)
            transaction.on_commit(
                lambda: inbox.inbox_chat_enqueue(channel=TELEGRAM, chat_id=chat_id), robust=True
            )
    return bool(fresh)


class TelegramInboxRows:
    """`messaging.inbox.InboxRows` over `TelegramUpdate`."""

    @staticmethod
    def _pending():
        return TelegramUpdate.objects.filter(handled_at=None)

    def oldest_pending(self, chat_id: int) -> inbox.InboxItem | None:
        row = (
            self._pending().filter(chat_id=chat_id).order_by("update_id").values_list("update_id", "payload")
        )
        first = row.first()
        return inbox.InboxItem(key=first[0], payload=first[1]) if first else None

    def is_pending(self, key: int) -> bool:
        return self._pending().filter(update_id=key).exists()

    def chats_waiting(self, *, untouched_since: dt.datetime, limit: int) -> list[int]:
        rows = self._pending().filter(updated_at__lt=untouched_since).exclude(chat_id=None)
        return list(rows.values_list("chat_id", flat=True).distinct().order_by("chat_id")[:limit])

    def touch(self, chat_ids: list[int]) -> None:
        if chat_ids:
            self._pending().filter(chat_id__in=chat_ids).update(updated_at=timezone.now())


TELEGRAM_ROWS = TelegramInboxRows()
