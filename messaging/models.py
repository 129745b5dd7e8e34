import uuid

from django.conf import settings
from django.db import models

from candidates.models import Candidate, TimeStampedModel


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
