"""Writes of the messaging domain: inbound messages from any channel and outbound ones through one."""

import datetime as dt
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from candidates.models import Candidate, HistoryKind
from candidates.services import history_record
from messaging import signals, transports
from messaging.channels import (
    CandidateUnreachable,
    channel_for_sending,
    channel_mark_bounced,
    channel_revive,
)
from messaging.models import (
    CandidateChannel,
    ChannelKind,
    DeliveryStatus,
    Message,
    MessageDirection,
)

logger = logging.getLogger(__name__)

# The longest text Telegram accepts in one message; the one limit of the project (API, admin, bot).
TELEGRAM_MAX_TEXT = 4096
TELEGRAM_MAX_CAPTION = 1024
SWEEP_BATCH = 500


# Re-exported: callers import them from here.
from messaging.bot_chats import (  # noqa: E402
    INBOX_KEEP,
    RECENT_UPDATES_KEPT,
    bot_chat_erase,
    bot_chat_lock,
    bot_chat_save,
    bot_chat_update_seen,
    telegram_update_mark_handled,
    telegram_updates_purge,
    telegram_updates_store,
)

__all__ = [
    "INBOX_KEEP",
    "RECENT_UPDATES_KEPT",
    "CandidateUnreachable",
    "bot_chat_erase",
    "bot_chat_lock",
    "bot_chat_save",
    "bot_chat_update_seen",
    "channel_mark_bounced",
    "channel_revive",
    "telegram_update_mark_handled",
    "telegram_updates_purge",
    "telegram_updates_store",
]


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
    channel: str = ChannelKind.TELEGRAM,
    external_id: str = "",
    candidate_channel: CandidateChannel | None = None,
) -> tuple[Message, bool]:
    """Store an inbound message once, from any channel, and announce it (`message_received`: HR's
    notifications, OneF's `new_message`). Returns (message, created); a replay returns the stored one.

    A replay is told by Telegram's (chat, message id), or by `external_id`: the message's id in its
    channel, unique within the channel (an e-mail's Message-ID, MAX's mid)."""
    once = _inbound_once(channel, external_id, telegram_chat_id, telegram_message_id)
    if once is not None and (existing := Message.objects.filter(once).first()):
        return existing, False
    try:
        with transaction.atomic():
            message = Message.objects.create(
                candidate=candidate,
                direction=MessageDirection.INBOUND,
                text=text,
                channel=channel,
                candidate_channel=candidate_channel,
                external_id=external_id,
                telegram_chat_id=telegram_chat_id,
                telegram_message_id=telegram_message_id,
            )
            _revive_messenger(channel, candidate_channel, telegram_chat_id)
            signals.message_received.send(sender=Message, message=message)
    except IntegrityError:
        if once is None:
            raise
        return Message.objects.get(once), False  # a concurrent worker stored the same message first
    return message, True


def _revive_messenger(kind: str, candidate_channel: CandidateChannel | None, chat_id: int | None) -> None:
    """A message from a messenger chat shows the user no longer blocks the bot (a 403 had bounced it)."""
    address = candidate_channel.address if candidate_channel is not None else chat_id
    if address is not None:
        channel_revive(kind=kind, address=address)


def _inbound_once(channel: str, external_id: str, chat_id: int | None, message_id: int | None):
    if external_id:
        return models.Q(direction=MessageDirection.INBOUND, channel=channel, external_id=external_id)
    if chat_id is not None and message_id is not None:
        return models.Q(
            direction=MessageDirection.INBOUND, telegram_chat_id=chat_id, telegram_message_id=message_id
        )
    return None


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
    channel: str | None = None,
) -> Message:
    """Store an outbound message as queued; a task delivers it through its channel after commit.

    The channel: `channel` (a kind) when given, else the candidate's preferred one, else the first
    usable of Telegram, MAX, e-mail (`messaging.channels`); CandidateUnreachable when there is none.
    `document` is (file name, text content): sent as a file with `text` as its caption.
    `buttons` are rows of inline buttons: {"text": label} with "data" (a callback), "url" or "web_app"."""
    _validate_text(text)
    buttons = _validate_buttons(buttons or [])
    if document is not None and len(text) > TELEGRAM_MAX_CAPTION:
        raise ValidationError({"text": f"A caption must be at most {TELEGRAM_MAX_CAPTION} characters."})
    with transaction.atomic():
        via = channel_for_sending(candidate=candidate, kind=channel)
        message = Message.objects.create(
            candidate=candidate,
            direction=MessageDirection.OUTBOUND,
            text=text,
            is_read=True,
            channel=via.kind,
            candidate_channel=via,
            telegram_chat_id=int(via.address) if via.kind == ChannelKind.TELEGRAM else None,
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
            details={"message_id": str(message.pk), "channel": via.kind},
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


def message_mark_sent(*, message: Message, external_id: str = "") -> bool:
    """Delivered; `external_id` is the message's id in its channel (Telegram's message_id...)."""
    now = timezone.now()
    telegram_id = (
        int(external_id) if message.channel == ChannelKind.TELEGRAM and external_id.isdigit() else None
    )
    return bool(
        _outbound_queued(message.pk).update(
            delivery_status=DeliveryStatus.SENT,
            delivery_attempts=models.F("delivery_attempts") + 1,
            delivery_error="",
            sent_at=now,
            external_id=external_id[:255],
            telegram_message_id=telegram_id,
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
    kinds = [kind for kind in transports.transport_kinds() if transports.transport_for(kind).configured()]
    if not kinds:
        return 0
    now = timezone.now()
    stale_ids = list(
        Message.objects.filter(
            channel__in=kinds,
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
