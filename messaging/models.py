import uuid

from django.conf import settings
from django.db import models

from candidates.models import Candidate
from core.languages import Language
from core.models import TimeStampedModel


class MessageDirection(models.TextChoices):
    INBOUND = "inbound", "Inbound"
    OUTBOUND = "outbound", "Outbound"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Message(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=10, choices=MessageDirection.choices)
    text = models.TextField()
    is_read = models.BooleanField(default=False)
    telegram_chat_id = models.BigIntegerField(null=True, blank=True)
    telegram_message_id = models.BigIntegerField(null=True, blank=True)
    # Outbound only: where the message is on its way to Telegram.
    delivery_status = models.CharField(max_length=10, choices=DeliveryStatus.choices, blank=True)
    delivery_error = models.TextField(blank=True)
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Outbound only: a small text file sent with the message (an interview's .ics; the text is its
    # caption) and inline buttons shown under it: rows of {"text": ..., and one of "data" (a callback),
    # "url" or "web_app" (a Mini App URL)}.
    document_name = models.CharField(max_length=100, blank=True)
    document_content = models.TextField(blank=True)
    buttons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["candidate", "created_at"], name="message_candidate_idx"),
            models.Index(
                fields=["candidate"],
                condition=models.Q(direction="inbound", is_read=False),
                name="message_unread_idx",
            ),
        ]
        constraints = [
            # Telegram may hand the same update to a restarted worker: store it once.
            models.UniqueConstraint(
                fields=["telegram_chat_id", "telegram_message_id"],
                condition=models.Q(direction="inbound"),
                name="message_inbound_once_per_telegram_message",
            ),
            models.CheckConstraint(
                condition=models.Q(direction="inbound", delivery_status="")
                | models.Q(direction="outbound") & ~models.Q(delivery_status=""),
                name="message_delivery_status_outbound_only",
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=MessageDirection.values), name="message_direction_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction}: {self.text[:60]}"


class ChatStep(models.TextChoices):
    IDLE = "idle", "Idle"
    CONTACT = "contact", "Registration: contact and consent"
    CONFIRM_CONTACT = "confirm_contact", "Registration: is the contact right?"
    FIRST_NAME = "first_name", "Registration: first name"
    LAST_NAME = "last_name", "Registration: last name"
    PHONE = "phone", "Registration: phone"
    EMAIL = "email", "Registration: email"
    DOB = "dob", "Registration: date of birth"
    AWAITING_CV = "awaiting_cv", "Apply: waiting for the CV"
    AWAITING_NEW_CV = "awaiting_new_cv", "Application: waiting for a new CV"
    EDIT_EMAIL = "edit_email", "Profile: new email"
    EDIT_PHONE = "edit_phone", "Profile: new phone"


class BotChat(TimeStampedModel):
    """Where a Telegram chat is in its conversation with the bot.

    Kept in the database, not in the worker's memory, so that a restarted worker carries on where
    the previous one stopped. `recent_update_ids` lets a replayed update change nothing twice (a
    list, not a maximum: Telegram may restart update ids at a random value after a quiet week).
    """

    telegram_chat_id = models.BigIntegerField(unique=True)
    step = models.CharField(max_length=20, choices=ChatStep.choices, default=ChatStep.IDLE)
    data = models.JSONField(default=dict, blank=True)
    recent_update_ids = models.JSONField(default=list, blank=True)
    hr_note_sent_at = models.DateTimeField(null=True, blank=True)
    # Empty until the first update: then the Telegram user's language_code, or what /language chose.
    language = models.CharField(max_length=2, choices=Language.choices, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(step__in=ChatStep.values), name="bot_chat_step_valid"),
        ]

    def __str__(self) -> str:
        return f"chat {self.telegram_chat_id}: {self.step}"


class TelegramUpdate(TimeStampedModel):
    """The bot's inbox: each raw update Telegram handed out, stored before it is confirmed.

    The poller stores a batch, and only then asks for the next one with an offset that confirms
    it; the row is marked handled in the same transaction as the update's effects. A worker killed
    at any point leaves the unhandled rows, which the next worker handles first, in order.
    """

    update_id = models.BigIntegerField(unique=True)
    payload = models.JSONField()
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["id"], condition=models.Q(handled_at=None), name="tg_update_pending_idx"),
            models.Index(fields=["handled_at"], name="tg_update_handled_idx"),
        ]

    def __str__(self) -> str:
        return f"update {self.update_id}" + ("" if self.handled_at else " (pending)")


# Templates, status notifications and the outbox of scheduled messages live beside (own module).
from messaging.outreach_models import (  # noqa: E402
    MessageTemplate,
    ScheduledMessage,
    ScheduledState,
    StatusNotification,
)

__all__ = [
    "BotChat",
    "ChatStep",
    "DeliveryStatus",
    "Message",
    "MessageDirection",
    "MessageTemplate",
    "ScheduledMessage",
    "ScheduledState",
    "StatusNotification",
    "TelegramUpdate",
]
