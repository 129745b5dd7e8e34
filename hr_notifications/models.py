"""What each HR user wants to hear about, and the notifications they got (in the admin, and
optionally in their own Telegram chat with the bot)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class NotificationKind(models.TextChoices):
    NEW_APPLICATION = "new_application", _("New application on my vacancies")
    NEW_MESSAGE = "new_message", _("New message from a candidate I own")
    REVIEW_WAITING = "review_waiting", _("Test answers waiting for review")
    WEBHOOK_FAILING = "webhook_failing", _("Webhook endpoint failing")
    JOB_BOARD = "job_board", _("Job board (hh.ru) problem")
    SLA_OVERDUE = "sla_overdue", _("Application over the vacancy's SLA")


class HRPreference(TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="hr_preference",
        verbose_name=_("user"),
    )
    new_application = models.BooleanField(_("new application on my vacancies"), default=True)
    new_message = models.BooleanField(_("new message from a candidate I own"), default=True)
    review_waiting = models.BooleanField(_("test answers waiting for review"), default=True)
    webhook_failing = models.BooleanField(_("webhook endpoint failing"), default=False)
    job_board = models.BooleanField(_("job board (hh.ru) problem"), default=True)
    sla_overdue = models.BooleanField(_("application over the vacancy's SLA"), default=True)
    by_telegram = models.BooleanField(_("also send to my Telegram"), default=False)
    telegram_chat_id = models.BigIntegerField(null=True, blank=True, unique=True)
    link_code = models.CharField(max_length=16, blank=True, db_index=True)
    link_code_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user_id"]
        verbose_name = _("my notification settings")
        verbose_name_plural = _("my notification settings")

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind, False))


class TelegramStatus(models.TextChoices):
    NONE = "", _("Not sent")
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class HRNotification(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hr_notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(max_length=300, blank=True)  # a back-office path
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    telegram_status = models.CharField(max_length=10, choices=TelegramStatus.choices, blank=True, default="")
    telegram_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="hr_notification_user_idx"),
            models.Index(
                fields=["user"], condition=models.Q(read_at=None), name="hr_notification_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
