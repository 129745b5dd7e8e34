import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class EventType(models.TextChoices):
    NEW_APPLICATION = "new_application", _("New application")
    NEW_MESSAGE = "new_message", _("New message")
    CANDIDATE_STATUS_CHANGED = "candidate_status_changed", _("Candidate status changed")
    TEST_STATUS_CHANGED = "test_status_changed", _("Test status changed")
    GRADE_SHARED = "grade_shared", _("Grade shared")
    CANDIDATE_MERGED = "candidate_merged", _("Candidates merged")
    CANDIDATE_UNMERGED = "candidate_unmerged", _("Candidate merge undone")
    PING = "ping", _("Test ping")


class Endpoint(TimeStampedModel):
    name = models.CharField(max_length=100, verbose_name=_("name"))
    url = models.URLField(max_length=500, verbose_name=_("URL"))
    secret = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Standard Webhooks secret (whsec_…); empty sends unsigned."),
        verbose_name=_("secret"),
    )
    is_enabled = models.BooleanField(default=True, db_index=True, verbose_name=_("enabled"))
    event_types = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Event types to send; empty sends every type."),
        verbose_name=_("event types"),
    )
    is_default = models.BooleanField(
        default=False,
        help_text=_("Managed from ONEF_WEBHOOK_URL / ONEF_WEBHOOK_SECRET."),
        verbose_name=_("default"),
    )
    disabled_reason = models.CharField(max_length=300, blank=True, verbose_name=_("reason for disabling"))

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("endpoint")
        verbose_name_plural = _("endpoints")
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
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("ID"))
    event_type = models.CharField(
        max_length=40, choices=EventType.choices, db_index=True, verbose_name=_("event type")
    )
    payload = models.JSONField(
        help_text=_("The whole body sent: {'requestBody': {...}}."), verbose_name=_("payload")
    )
    candidate_id = models.UUIDField(null=True, blank=True, db_index=True, verbose_name=_("candidate ID"))
    payload_purged_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the payload was blanked after the retention period."),
        verbose_name=_("payload purged at"),
    )
    sequence = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text=_("1, 2, 3... per candidate, in the order the changes committed."),
        verbose_name=_("sequence number"),
    )
    position = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("The events feed cursor: 1, 2, 3... given after commit, in the order events are seen."),
        verbose_name=_("feed position"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["event_type", "position"], name="event_feed_type_idx")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.id}"


class FeedCounter(models.Model):
    """The single row holding the last feed position given; locked while positions are given."""

    last = models.PositiveBigIntegerField(default=0, verbose_name=_("last"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("feed counter")
        verbose_name_plural = _("feed counters")

    def __str__(self) -> str:
        return str(self.last)


class CandidateSequence(models.Model):
    """The last event sequence number given for one candidate. Incrementing it locks the row until
    the change commits, so a candidate's numbers follow the order its changes commit in."""

    candidate_id = models.UUIDField(primary_key=True, verbose_name=_("candidate ID"))
    last = models.PositiveBigIntegerField(default=0, verbose_name=_("last"))

    class Meta:
        ordering = ["candidate_id"]
        verbose_name = _("candidate sequence")
        verbose_name_plural = _("candidate sequences")

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.last}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERING = "delivering", _("Delivering")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Delivery(TimeStampedModel):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("event")
    )
    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    status = models.CharField(
        max_length=12,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        verbose_name=_("status"),
    )
    attempt_count = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    schedule_start = models.PositiveSmallIntegerField(
        default=0,
        help_text=_("attempt_count when the retry schedule last (re)started, e.g. on redeliver."),
        verbose_name=_("schedule start"),
    )
    next_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("next attempt at"))
    locked_until = models.DateTimeField(null=True, blank=True, verbose_name=_("locked until"))
    last_status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("last status code")
    )
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    delivered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("delivered at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
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
    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("delivery")
    )
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    request_headers = models.JSONField(default=dict, verbose_name=_("request headers"))
    request_body = models.TextField(blank=True, verbose_name=_("request body"))
    response_status = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("response status")
    )
    response_body = models.TextField(
        blank=True, help_text=_("The first KiB of the response."), verbose_name=_("response body")
    )
    error = models.TextField(blank=True, verbose_name=_("error"))
    duration_ms = models.PositiveIntegerField(default=0, verbose_name=_("duration (ms)"))

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="delivery_attempt_number_unique")
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.response_status or self.error[:40]}"
