"""Writes of a Telegram chat's conversation with the bot (its step, data, language) and of the bot's
inbox of raw updates. Re-exported by `messaging.services`."""

import datetime as dt

from django.db import models, transaction
from django.utils import timezone

from core.languages import Language
from messaging.models import BotChat, ChatStep, ConversationState, TelegramUpdate

RECENT_UPDATES_KEPT = 50


def bot_chat_lock(*, telegram_chat_id: int) -> BotChat:
    """The chat's conversation row, locked until the surrounding transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bot_chat_lock must run inside transaction.atomic()")
    BotChat.objects.get_or_create(telegram_chat_id=telegram_chat_id)
    return BotChat.objects.select_for_update().get(telegram_chat_id=telegram_chat_id)


def bot_chat_update_seen(*, chat: BotChat, update_id: int) -> bool:
    """Whether this update was already handled for the chat (a replay after a worker restart)."""
    return update_id in chat.recent_update_ids


def bot_chat_save(
    *,
    chat: BotChat,
    update_id: int | None,
    step: str | None = None,
    data: dict | None = None,
    hr_note_sent: bool = False,
    language: str | None = None,
) -> BotChat:
    """Move the conversation on and remember the update that did it, in one write."""
    bot_chat_state_save(
        chat=chat, update_id=update_id, step=step, data=data, hr_note_sent=hr_note_sent, language=language
    )
    if update_id is not None:  # in the transaction of the update's effects
        telegram_update_mark_handled(update_id=update_id)
    return chat


# --- The bot's inbox of Telegram updates ---------------------------------------------------------

INBOX_KEEP = dt.timedelta(hours=48)  # Telegram hands an unconfirmed update out for 24 hours at most


def telegram_updates_store(*, payloads: list[dict]) -> set[int]:
    """Store raw updates once each (by update_id); the ids of those not stored before."""
    ids = [payload["update_id"] for payload in payloads]
    with transaction.atomic():
        known = set(TelegramUpdate.objects.filter(update_id__in=ids).values_list("update_id", flat=True))
        fresh = {payload["update_id"]: payload for payload in payloads if payload["update_id"] not in known}
        TelegramUpdate.objects.bulk_create(
            [TelegramUpdate.of(payload) for payload in fresh.values()],
            ignore_conflicts=True,
        )
    return set(fresh)


def telegram_update_mark_handled(*, update_id: int) -> bool:
    """Mark an inbox row handled; False when it was handled already (or never stored)."""
    now = timezone.now()
    rows = TelegramUpdate.objects.filter(update_id=update_id, handled_at=None)
    return bool(rows.update(handled_at=now, updated_at=now))


def bot_chat_erase(*, telegram_id: int) -> int:
    """Forget a person's chat with the bot: its conversation row and the raw updates it sent."""
    BotChat.objects.filter(telegram_chat_id=telegram_id).delete()
    sent_by = (
        models.Q(payload__message__chat__id=telegram_id)
        | models.Q(payload__message__from__id=telegram_id)
        | models.Q(payload__callback_query__from__id=telegram_id)
    )
    deleted, _ = TelegramUpdate.objects.filter(sent_by).delete()
    return deleted


def telegram_updates_purge(*, older_than: dt.timedelta = INBOX_KEEP) -> int:
    """Forget handled updates Telegram can no longer hand out again (they hold personal data)."""
    cutoff = timezone.now() - older_than
    deleted, _ = TelegramUpdate.objects.filter(handled_at__lt=cutoff).delete()
    return deleted


def bot_chat_state_save(
    *,
    chat: ConversationState,
    update_id: int | None,
    step: str | None = None,
    data: dict | None = None,
    hr_note_sent: bool = False,
    language: str | None = None,
) -> None:
    """Write a bot conversation's step, data, recent updates and language in one save: the Telegram
    chat here and every other messenger's chat with the same fields (max_bot.MaxChat)."""
    if step is not None:
        if step not in ChatStep.values:
            raise ValueError(f"Unknown chat step {step!r}")
        chat.step = step
    if data is not None:
        chat.data = data
    if update_id is not None and update_id not in chat.recent_update_ids:
        chat.recent_update_ids = [*chat.recent_update_ids, update_id][-RECENT_UPDATES_KEPT:]
    if language is not None:
        if language not in Language.values:
            raise ValueError(f"Unknown language {language!r}")
        chat.language = language
    if hr_note_sent:  # the last "passed to HR" note (it is repeated after a quiet period)
        chat.hr_note_sent_at = timezone.now()
    chat.save()
