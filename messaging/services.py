"""Writes of the messaging domain: inbound messages from Telegram and outbound ones to it."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from candidates.models import Candidate
from messaging import signals
from messaging.models import DeliveryStatus, Message, MessageDirection

TELEGRAM_MAX_TEXT = 4096


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


def message_send(*, candidate: Candidate, text: str, sent_by: AbstractBaseUser | None = None) -> Message:
    """Store an outbound message as queued; a task delivers it through the Bot API after commit."""
    _validate_text(text)
    if candidate.telegram_id is None:
        raise CandidateUnreachable(
            "The candidate has no Telegram account linked, so a message cannot be sent."
        )
    message = Message.objects.create(
        candidate=candidate,
        direction=MessageDirection.OUTBOUND,
        text=text,
        is_read=True,
        telegram_chat_id=candidate.telegram_id,
        delivery_status=DeliveryStatus.QUEUED,
        sent_by=sent_by,
    )
    from messaging.tasks import deliver_message

    transaction.on_commit(lambda: deliver_message.delay(str(message.id)), robust=True)
    return message


def messages_mark_read(*, candidate: Candidate) -> int:
    return Message.objects.filter(
        candidate=candidate, direction=MessageDirection.INBOUND, is_read=False
    ).update(is_read=True, updated_at=timezone.now())
