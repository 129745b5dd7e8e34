"""Message templates, the per-status notifications HR switches on, and the outbox of messages
scheduled for later (quiet hours) that a task turns into `Message` rows through `message_send`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models import Application, Candidate, CandidateStatus
from core.languages import Language
from core.models import TimeStampedModel


class MessageTemplate(TimeStampedModel):
    """A text HR reuses; one row per language, rows of one `name` are the same template."""

    name = models.CharField(_("name"), max_length=100)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    text = models.TextField(
        _("text"),
        help_text=_("Placeholders: {first_name} {vacancy} {test_url} {interview_time} {company}"),
    )

    class Meta:
        ordering = ["name", "language"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(fields=["name", "language"], name="message_template_name_language"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class StatusNotification(TimeStampedModel):
    """What a candidate is told when an application of theirs moves to `status` (when enabled)."""

    status = models.CharField(_("status"), max_length=20, choices=CandidateStatus.choices, unique=True)
    enabled = models.BooleanField(_("enabled"), default=False)
    template_name = models.CharField(
        _("template"), max_length=100, blank=True, help_text=_("The name of a message template.")
    )

    class Meta:
        ordering = ["status"]
        verbose_name = _("status notification")
        verbose_name_plural = _("status notifications")

    def __str__(self) -> str:
        return self.get_status_display()


class ScheduledState(models.TextChoices):
    PENDING = "pending", _("Scheduled")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class ScheduledMessage(TimeStampedModel):
    """A candidate message waiting for its time (the outbox). Written in the transaction of the
    change that caused it; sent by a task after commit, or by the periodic sweep once due."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="scheduled_messages", verbose_name=_("candidate")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scheduled_messages",
        verbose_name=_("application"),
    )
    # "status:<status>", "interview:<id>:<what>"
    reason = models.CharField(max_length=40, verbose_name=_("reason"))
    # A status notification is sent only if the application is still in this status.
    expected_status = models.CharField(max_length=20, blank=True, verbose_name=_("expected stage"))
    text = models.TextField(verbose_name=_("text"))
    document_name = models.CharField(max_length=100, blank=True, verbose_name=_("document name"))
    document_content = models.TextField(blank=True, verbose_name=_("document content"))
    buttons = models.JSONField(default=list, blank=True, verbose_name=_("buttons"))
    send_at = models.DateTimeField(verbose_name=_("send at"))
    state = models.CharField(
        max_length=10, choices=ScheduledState.choices, default=ScheduledState.PENDING, verbose_name=_("state")
    )
    outcome = models.CharField(max_length=200, blank=True, verbose_name=_("outcome"))
    message = models.ForeignKey(
        "messaging.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("message"),
    )

    class Meta:
        ordering = ["send_at", "id"]
        verbose_name = _("scheduled message")
        verbose_name_plural = _("scheduled messages")
        indexes = [
            models.Index(
                fields=["send_at"], condition=models.Q(state="pending"), name="scheduled_message_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason} for {self.candidate_id} at {self.send_at:%Y-%m-%d %H:%M}"
