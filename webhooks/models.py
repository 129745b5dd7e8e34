import uuid

from django.db import models

from core.models import TimeStampedModel


class EventType(models.TextChoices):
    NEW_APPLICATION = "new_application", "New application"
    NEW_MESSAGE = "new_message", "New message"
    CANDIDATE_STATUS_CHANGED = "candidate_status_changed", "Candidate status changed"
    TEST_STATUS_CHANGED = "test_status_changed", "Test status changed"
    GRADE_SHARED = "grade_shared", "Grade shared"
    PING = "ping", "Test ping"


class Endpoint(TimeStampedModel):
    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    secret = models.CharField(
        max_length=200, blank=True, help_text="Standard Webhooks secret (whsec_…); empty sends unsigned."
    )
    is_enabled = models.BooleanField(default=True, db_index=True)
    event_types = models.JSONField(
        default=list, blank=True, help_text="Event types to send; empty sends every type."
    )
    is_default = models.BooleanField(
        default=False, help_text="Managed from ONEF_WEBHOOK_URL / ONEF_WEBHOOK_SECRET."
    )
    disabled_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="webhook_one_default_endpoint",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def accepts(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types


class Event(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event_type = models.CharField(max_length=40, choices=EventType.choices, db_index=True)
    payload = models.JSONField(help_text="The whole body sent: {'requestBody': {...}}.")
    candidate_id = models.UUIDField(null=True, blank=True, db_index=True)
    payload_purged_at = models.DateTimeField(
        null=True, blank=True, help_text="When the payload was blanked after the retention period."
    )
    sequence = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="1, 2, 3... per candidate, in the order the changes committed."
    )
    position = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The events feed cursor: 1, 2, 3... given after commit, in the order events are seen.",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["event_type", "position"], name="event_feed_type_idx")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.id}"


class FeedCounter(models.Model):
    """The single row holding the last feed position given; locked while positions are given."""

    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.last)


class CandidateSequence(models.Model):
    """The last event sequence number given for one candidate. Incrementing it locks the row until
    the change commits, so a candidate's numbers follow the order its changes commit in."""

    candidate_id = models.UUIDField(primary_key=True)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["candidate_id"]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.last}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERING = "delivering", "Delivering"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class Delivery(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempt_count = models.PositiveSmallIntegerField(default=0)
    schedule_start = models.PositiveSmallIntegerField(
        default=0, help_text="attempt_count when the retry schedule last (re)started, e.g. on redeliver."
    )
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="delivery_one_per_endpoint"),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values), name="delivery_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} -> {self.endpoint} ({self.status})"


class DeliveryAttempt(TimeStampedModel):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    request_headers = models.JSONField(default=dict)
    request_body = models.TextField(blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True, help_text="The first KiB of the response.")
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="delivery_attempt_number_unique")
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.response_status or self.error[:40]}"
