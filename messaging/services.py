"""Writes of the messaging domain: inbound messages from Telegram and outbound ones to it."""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from candidates.models import Candidate, HistoryKind
from candidates.services import history_record
from core.languages import Language
from messaging import signals
from messaging.models import BotChat, ChatStep, DeliveryStatus, Message, MessageDirection, TelegramUpdate

logger = logging.getLogger(__name__)

# The longest text Telegram accepts in one message; the one limit of the project (API, admin, bot).
TELEGRAM_MAX_TEXT = 4096
TELEGRAM_MAX_CAPTION = 1024
SWEEP_BATCH = 500


class CandidateUnreachable(ValidationError):
    """The candidate has no Telegram chat to send to."""


def _validate_text(text: str) -> str:
    if not text or not text.strip():
        raise ValidationError({"text": "The message text must not be empty."})
    if len(text) > TELEGRAM_MAX_TEXT:
        raise ValidationError({"text": f"The message text must be at most {TELEGRAM_MAX_TEXT} characters."})
    return text


def message_receive(
    *,
    candidate: Candidate,
    text: str,
    telegram_chat_id: int | None = None,
    telegram_message_id: int | None = None,
) -> tuple[Message, bool]:
    """Store an inbound message once. Returns (message, created); a replay returns the stored one."""
    if telegram_chat_id is not None and telegram_message_id is not None:
        existing = Message.objects.filter(
            direction=MessageDirection.INBOUND,
            telegram_chat_id=telegram_chat_id,
            telegram_message_id=telegram_message_id,
        ).first()
        if existing:
            return existing, False
    try:
        with transaction.atomic():
            message = Message.objects.create(
                candidate=candidate,
                direction=MessageDirection.INBOUND,
                text=text,
                telegram_chat_id=telegram_chat_id,
                telegram_message_id=telegram_message_id,
            )
            signals.message_received.send(sender=Message, message=message)
    except IntegrityError:
        # A concurrent worker stored the same Telegram message first.
        existing = Message.objects.get(
            direction=MessageDirection.INBOUND,
            telegram_chat_id=telegram_chat_id,
            telegram_message_id=telegram_message_id,
        )
        return existing, False
    return message, True


def _validate_buttons(rows: list[list[dict]]) -> list[list[dict]]:
    """Rows of inline buttons: callback buttons (`data`), links (`url`) and Mini Apps (`web_app`).

    Telegram takes only https for links and Mini Apps."""
    for row in rows:
        if not isinstance(row, list) or not row:
            raise ValidationError({"buttons": "Buttons come in rows: a list of lists."})
        for button in row:
            if not button.get("text"):
                raise ValidationError({"buttons": "A button needs a text."})
            if button.get("data"):
                continue
            target = button.get("url") or button.get("web_app") or ""
            if not target.startswith("https://"):
                raise ValidationError({"buttons": "A link button needs an https URL."})
    return rows


def message_send(
    *,
    candidate: Candidate,
    text: str,
    sent_by: AbstractBaseUser | None = None,
    actor_label: str = "",
    document: tuple[str, str] | None = None,
    buttons: list[list[dict]] | None = None,
) -> Message:
    """Store an outbound message as queued; a task delivers it through the Bot API after commit.

    `document` is (file name, text content): sent as a file with `text` as its caption.
    `buttons` are rows of inline buttons: {"text": label} with "data" (a callback), "url" or "web_app"."""
    _validate_text(text)
    buttons = _validate_buttons(buttons or [])
    if document is not None and len(text) > TELEGRAM_MAX_CAPTION:
        raise ValidationError({"text": f"A caption must be at most {TELEGRAM_MAX_CAPTION} characters."})
    if candidate.telegram_id is None:
        raise CandidateUnreachable(
            "The candidate has no Telegram account linked, so a message cannot be sent."
        )
    with transaction.atomic():
        message = Message.objects.create(
            candidate=candidate,
            direction=MessageDirection.OUTBOUND,
            text=text,
            is_read=True,
            telegram_chat_id=candidate.telegram_id,
            delivery_status=DeliveryStatus.QUEUED,
            sent_by=sent_by,
            document_name=document[0] if document else "",
            document_content=document[1] if document else "",
            buttons=buttons,
        )
        history_record(
            candidate=candidate,
            kind=HistoryKind.MESSAGE_SENT,
            actor=sent_by,
            actor_label=actor_label,
            details={"message_id": str(message.pk)},
        )
        transaction.on_commit(lambda: _enqueue_delivery(message.pk), robust=True)
    return message


def _enqueue_delivery(message_id) -> None:
    from messaging.tasks import deliver_message  # tasks call these services: a genuine cycle

    deliver_message.delay(str(message_id))


def messages_mark_read(*, candidate: Candidate) -> int:
    return Message.objects.filter(
        candidate=candidate, direction=MessageDirection.INBOUND, is_read=False
    ).update(is_read=True, updated_at=timezone.now())


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


# --- Outbound delivery state (written by messaging.delivery) -------------------------------------


def _outbound_queued(message_id) -> "models.QuerySet[Message]":
    return Message.objects.filter(
        pk=message_id, direction=MessageDirection.OUTBOUND, delivery_status=DeliveryStatus.QUEUED
    )


def message_delivery_attempted(*, message: Message, error: str = "") -> None:
    """Count one try to reach Telegram (and say why it has not worked yet, if it has not)."""
    _outbound_queued(message.pk).update(
        delivery_attempts=models.F("delivery_attempts") + 1, delivery_error=error, updated_at=timezone.now()
    )


def message_delivery_note(*, message: Message, error: str) -> None:
    """The message stays queued; `error` tells HR why it has not gone out yet."""
    _outbound_queued(message.pk).update(delivery_error=error, updated_at=timezone.now())


def message_mark_sent(*, message: Message, telegram_message_id: int | None) -> bool:
    now = timezone.now()
    return bool(
        _outbound_queued(message.pk).update(
            delivery_status=DeliveryStatus.SENT,
            delivery_attempts=models.F("delivery_attempts") + 1,
            delivery_error="",
            sent_at=now,
            telegram_message_id=telegram_message_id,
            updated_at=now,
        )
    )


def message_mark_failed(*, message: Message, error: str) -> bool:
    return bool(
        _outbound_queued(message.pk).update(
            delivery_status=DeliveryStatus.FAILED, delivery_error=error, updated_at=timezone.now()
        )
    )


def message_retry_delivery(*, message: Message) -> bool:
    """HR asks to try a failed message again (e.g. the candidate unblocked the bot)."""
    updated = Message.objects.filter(
        pk=message.pk, direction=MessageDirection.OUTBOUND, delivery_status=DeliveryStatus.FAILED
    ).update(delivery_status=DeliveryStatus.QUEUED, delivery_error="", updated_at=timezone.now())
    if updated:
        transaction.on_commit(lambda: _enqueue_delivery(message.pk), robust=True)
    return bool(updated)


def messages_requeue_stale(*, older_than: dt.timedelta, limit: int = SWEEP_BATCH) -> int:
    """Queue again the outbound messages still queued `older_than` after their last try (a lost
    task, a broker outage when they were queued, or a bot token configured since). Returns how many."""
    if not settings.TELEGRAM_BOT_TOKEN:
        return 0
    now = timezone.now()
    stale_ids = list(
        Message.objects.filter(
            direction=MessageDirection.OUTBOUND,
            delivery_status=DeliveryStatus.QUEUED,
            updated_at__lt=now - older_than,
        ).values_list("pk", flat=True)[:limit]
    )
    # Touched so the next sweep does not enqueue them again while their task waits in the queue.
    Message.objects.filter(pk__in=stale_ids).update(updated_at=now)
    for message_id in stale_ids:
        _enqueue_delivery(message_id)
    if stale_ids:
        logger.info("Re-enqueued %s queued outbound messages", len(stale_ids))
    return len(stale_ids)


def messages_anonymize(*, candidate: Candidate, text: str) -> int:
    """Replace the texts of a candidate's messages (erasure on request); returns how many."""
    return Message.objects.filter(candidate=candidate).update(
        text=text, telegram_chat_id=None, delivery_error="", updated_at=timezone.now()
    )
