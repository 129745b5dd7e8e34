import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from core.languages import Language
from core.models import TimeStampedModel
from messaging.channel_models import CandidateChannel, ChannelKind, MessageChannel


class MessageDirection(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Message(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("ID"))
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="messages", verbose_name=_("candidate")
    )
    direction = models.CharField(max_length=10, choices=MessageDirection.choices, verbose_name=_("direction"))
    text = models.TextField(verbose_name=_("text"))
    is_read = models.BooleanField(default=False, verbose_name=_("read"))
    # The channel the message came in or went out through; `candidate_channel` is the address used
    # (null for messages older than channels, and after the candidate's erasure).
    channel = models.CharField(
        max_length=10,
        choices=MessageChannel.choices,
        default=MessageChannel.TELEGRAM,
        verbose_name=_("channel"),
    )
    candidate_channel = models.ForeignKey(
        CandidateChannel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("candidate channel"),
    )
    # The channel's own id of the message (Telegram's message_id, an e-mail's Message-ID, MAX's mid):
    # an inbound message is stored once per (channel, external_id).
    external_id = models.CharField(max_length=255, blank=True, verbose_name=_("external ID"))
    telegram_chat_id = models.BigIntegerField(null=True, blank=True, verbose_name=_("Telegram chat ID"))
    telegram_message_id = models.BigIntegerField(null=True, blank=True, verbose_name=_("Telegram message ID"))
    # Outbound only: where the message is on its way through its channel.
    delivery_status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, blank=True, verbose_name=_("delivery status")
    )
    delivery_error = models.TextField(blank=True, verbose_name=_("delivery error"))
    delivery_attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("delivery attempts"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    # Outbound only: a small text file sent with the message (an interview's .ics; the text is its
    # caption) and inline buttons shown under it: rows of {"text": ..., and one of "data" (a callback),
    # "url" or "web_app" (a Mini App URL)}.
    document_name = models.CharField(max_length=100, blank=True, verbose_name=_("document name"))
    document_content = models.TextField(blank=True, verbose_name=_("document content"))
    buttons = models.JSONField(default=list, blank=True, verbose_name=_("buttons"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
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
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=models.Q(direction="inbound") & ~models.Q(external_id=""),
                name="message_inbound_once_per_external_id",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=MessageChannel.values), name="message_channel_valid"
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
    IDLE = "idle", _("Idle")
    CONTACT = "contact", _("Registration: contact and consent")
    CONFIRM_CONTACT = "confirm_contact", _("Registration: is the contact right?")
    FIRST_NAME = "first_name", _("Registration: first name")
    LAST_NAME = "last_name", _("Registration: last name")
    PHONE = "phone", _("Registration: phone")
    EMAIL = "email", _("Registration: email")
    DOB = "dob", _("Registration: date of birth")
    AWAITING_CV = "awaiting_cv", _("Apply: waiting for the CV")
    AWAITING_NEW_CV = "awaiting_new_cv", _("Application: waiting for a new CV")
    EDIT_EMAIL = "edit_email", _("Profile: new email")
    EDIT_PHONE = "edit_phone", _("Profile: new phone")


class ConversationState(TimeStampedModel):
    """Where a messenger chat is in its conversation with the bot (the fields `bot_dialog` moves on).

    Kept in the database, not in the worker's memory, so that a restarted worker carries on where
    the previous one stopped. `recent_update_ids` lets a replayed update change nothing twice (a
    list, not a maximum: Telegram may restart update ids at a random value after a quiet week).
    """

    step = models.CharField(
        max_length=20, choices=ChatStep.choices, default=ChatStep.IDLE, verbose_name=_("step")
    )
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))
    recent_update_ids = models.JSONField(default=list, blank=True, verbose_name=_("recent update IDs"))
    hr_note_sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("HR note sent at"))
    # Empty until the first update: then the user's language code, or what /language chose.
    language = models.CharField(
        max_length=2, choices=Language.choices, blank=True, verbose_name=_("language")
    )

    class Meta:
        abstract = True
        ordering = ["-updated_at"]


class BotChat(ConversationState):
    """A Telegram chat's conversation with the bot."""

    telegram_chat_id = models.BigIntegerField(unique=True, verbose_name=_("Telegram chat ID"))

    class Meta(ConversationState.Meta):
        verbose_name = _("bot chat")
        verbose_name_plural = _("bot chats")
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

    update_id = models.BigIntegerField(unique=True, verbose_name=_("update ID"))
    # The chat whose order the update keeps (webhook mode: one worker at a time per chat). Null only
    # on rows handled before it was recorded.
    chat_id = models.BigIntegerField(null=True, blank=True, verbose_name=_("chat ID"))
    payload = models.JSONField(verbose_name=_("payload"))
    handled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("handled at"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("Telegram update")
        verbose_name_plural = _("Telegram updates")
        indexes = [
            models.Index(fields=["id"], condition=models.Q(handled_at=None), name="tg_update_pending_idx"),
            models.Index(fields=["handled_at"], name="tg_update_handled_idx"),
            models.Index(
                fields=["chat_id", "update_id"],
                condition=models.Q(handled_at=None),
                name="tg_update_chat_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"update {self.update_id}" + ("" if self.handled_at else " (pending)")

    @classmethod
    def of(cls, payload: dict) -> "TelegramUpdate":
        """The (unsaved) inbox row of a raw update."""
        return cls(update_id=payload["update_id"], chat_id=cls.chat_of(payload), payload=payload)

    @staticmethod
    def chat_of(payload: dict) -> int:
        """The chat a raw update belongs to: its message's chat, else the chat of the message whose
        button was tapped, else the sender (a private chat's id is its user's); 0 when none says."""

        def field(value, *path):
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        kinds = ("message", "edited_message", "channel_post", "edited_channel_post", "business_message")
        candidates = [field(payload, kind, "chat", "id") for kind in kinds]
        candidates.append(field(payload, "callback_query", "message", "chat", "id"))
        candidates += [field(value, "from", "id") for value in payload.values()]
        return next((chat for chat in candidates if chat is not None), 0)


class InboxLease(TimeStampedModel):
    """A worker handling one chat's stored updates (webhook mode), so that no other worker does.

    Taken with one conditional write and given back when the chat's inbox is empty; a worker that
    died leaves it to expire (`expires_at`). Short transactions only: it works behind PgBouncer in
    transaction mode, where session locks do not. `channel` names the messenger ("telegram").
    """

    channel = models.CharField(max_length=16, verbose_name=_("channel"))
    chat_id = models.BigIntegerField(verbose_name=_("chat ID"))
    owner = models.CharField(max_length=32, verbose_name=_("owner"))
    expires_at = models.DateTimeField(verbose_name=_("expires at"))

    class Meta:
        ordering = ["channel", "chat_id"]
        verbose_name = _("inbox lease")
        verbose_name_plural = _("inbox leases")
        constraints = [
            models.UniqueConstraint(fields=["channel", "chat_id"], name="inbox_lease_one_per_chat"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} chat {self.chat_id} until {self.expires_at:%H:%M:%S}"


# Templates, status notifications and the outbox of scheduled messages live beside (own module).
from messaging.outreach_models import (  # noqa: E402
    MessageTemplate,
    ScheduledMessage,
    ScheduledState,
    StatusNotification,
)

__all__ = [
    "BotChat",
    "CandidateChannel",
    "ChannelKind",
    "ChatStep",
    "DeliveryStatus",
    "InboxLease",
    "Message",
    "MessageChannel",
    "MessageDirection",
    "MessageTemplate",
    "ScheduledMessage",
    "ScheduledState",
    "StatusNotification",
    "TelegramUpdate",
]
