"""hh.ru: the employer connection, linked vacancies, imported responses, the actions sent back to
hh.ru (an outbox: persisted before they are sent) and the webhook notifications received."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models import Application, Vacancy
from core.models import TimeStampedModel


class ConnectionState(models.TextChoices):
    CONNECTED = "connected", _("Connected")
    # The access token expired and the refresh failed (or hh.ru revoked it): HR must connect again.
    TOKEN_FAILED = "token_failed", _("Token failed: connect again")
    DISCONNECTED = "disconnected", _("Disconnected")


class HHConnection(TimeStampedModel):
    """The one employer account the platform works for (row pk=1). Tokens are stored encrypted
    (job_boards/hh/tokens.py) and never shown or logged."""

    state = models.CharField(
        _("state"), max_length=20, choices=ConnectionState.choices, default=ConnectionState.DISCONNECTED
    )
    employer_id = models.CharField(_("employer ID"), max_length=40, blank=True)
    employer_name = models.CharField(_("employer"), max_length=255, blank=True)
    manager_name = models.CharField(_("manager"), max_length=255, blank=True)
    access_token = models.TextField(blank=True)
    refresh_token = models.TextField(blank=True)
    expires_at = models.DateTimeField(_("access token expires at"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("last refreshed at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    webhook_subscription_id = models.CharField(_("webhook subscription"), max_length=64, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("hh.ru connection")
        verbose_name_plural = _("hh.ru connections")

    def __str__(self) -> str:
        return self.employer_name or str(self.get_state_display())


class LinkState(models.TextChoices):
    DRAFT = "draft", _("Draft on hh.ru")
    LINKED = "linked", _("Published on hh.ru")
    ARCHIVED = "archived", _("Archived on hh.ru")
    # hh.ru answered 404: the vacancy was deleted there or is no longer this employer's.
    REMOVED = "removed", _("Removed from hh.ru")


class HHVacancy(TimeStampedModel):
    vacancy = models.OneToOneField(
        Vacancy, on_delete=models.CASCADE, related_name="hh_link", verbose_name=_("vacancy")
    )
    hh_vacancy_id = models.CharField(_("hh.ru vacancy ID"), max_length=40, blank=True)
    hh_draft_id = models.CharField(_("hh.ru draft ID"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=LinkState.choices, default=LinkState.LINKED)
    last_imported_at = models.DateTimeField(_("last imported at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # What the publish form sent to hh.ru (area, role, billing type...): shown again when HR reopens it.
    published_with = models.JSONField(_("published with"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hh.ru vacancy")
        verbose_name_plural = _("hh.ru vacancies")
        constraints = [
            models.UniqueConstraint(
                fields=["hh_vacancy_id"], condition=~models.Q(hh_vacancy_id=""), name="hh_vacancy_id_unique"
            )
        ]
        indexes = [models.Index(fields=["state"], name="hh_vacancy_state_idx")]

    def __str__(self) -> str:
        return self.hh_vacancy_id or self.hh_draft_id

    @property
    def url(self) -> str:
        return f"https://hh.ru/vacancy/{self.hh_vacancy_id}" if self.hh_vacancy_id else ""


class HHResponse(TimeStampedModel):
    """One hh.ru response ("negotiation") imported as an application; unique by hh's id, and one per
    resume and vacancy (hh.ru allows one response per pair)."""

    hh_id = models.CharField(_("hh.ru response ID"), max_length=40, unique=True)
    resume_id = models.CharField(_("hh.ru resume ID"), max_length=64)
    link = models.ForeignKey(HHVacancy, on_delete=models.CASCADE, related_name="responses")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="hh_responses", verbose_name=_("application")
    )
    url = models.URLField(max_length=500, blank=True)  # the full response (its current actions)
    resume_url = models.URLField(_("resume on hh.ru"), max_length=500, blank=True)
    # hh.ru's own test, when the vacancy has one: score 0-100 and its mark.
    test_score = models.PositiveSmallIntegerField(_("hh.ru test score"), null=True, blank=True)
    test_mark = models.CharField(_("hh.ru test mark"), max_length=20, blank=True)
    test_url = models.URLField(max_length=500, blank=True)
    # hh.ru's chat with the candidate (the new-response notification's `chat_id`): its messages come in.
    chat_id = models.CharField(_("hh.ru chat ID"), max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hh.ru response")
        verbose_name_plural = _("hh.ru responses")
        constraints = [
            models.UniqueConstraint(fields=["link", "resume_id"], name="hh_response_one_per_resume"),
        ]
        indexes = [
            models.Index(fields=["chat_id"], condition=~models.Q(chat_id=""), name="hh_response_chat_idx")
        ]

    def __str__(self) -> str:
        return self.hh_id


class ActionKind(models.TextChoices):
    INVITE = "invite", _("Invite")
    DISCARD = "discard", _("Discard")


class ActionState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class HHAction(TimeStampedModel):
    """A stage change to send to hh.ru: written in the stage change's transaction, sent after commit,
    retried by beat until sent or out of attempts (then HR is told and can retry it)."""

    response = models.ForeignKey(HHResponse, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("action"), max_length=10, choices=ActionKind.choices)
    message = models.TextField(_("message"))
    state = models.CharField(_("state"), max_length=10, choices=ActionState.choices, default="pending")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hh.ru action")
        verbose_name_plural = _("hh.ru actions")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="hh_action_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.response_id}"


class HHNotification(TimeStampedModel):
    """A webhook notification from hh.ru, stored once by its id (a repeated one is a no-op)."""

    hh_id = models.CharField(max_length=64, unique=True)
    action_type = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hh.ru notification")
        verbose_name_plural = _("hh.ru notifications")

    def __str__(self) -> str:
        return f"{self.action_type} {self.hh_id}"


class HHChatMessage(TimeStampedModel):
    """A candidate's message in an hh.ru chat, brought into our conversation once (by hh's chat and
    message ids) through messaging's inbound path."""

    response = models.ForeignKey(HHResponse, on_delete=models.CASCADE, related_name="chat_messages")
    chat_id = models.CharField(_("hh.ru chat ID"), max_length=40)
    hh_message_id = models.CharField(_("hh.ru message ID"), max_length=40)
    message = models.OneToOneField(
        "messaging.Message",
        on_delete=models.CASCADE,
        related_name="hh_chat_message",
        verbose_name=_("message"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hh.ru chat message")
        verbose_name_plural = _("hh.ru chat messages")
        constraints = [
            models.UniqueConstraint(fields=["chat_id", "hh_message_id"], name="hh_chat_message_once"),
        ]

    def __str__(self) -> str:
        return f"{self.chat_id}/{self.hh_message_id}"
