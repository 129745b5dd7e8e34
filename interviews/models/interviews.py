"""Interviews of an application, and each interviewer's scorecard of one."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models import Application, Grade
from core.models import TimeStampedModel


class InterviewFormat(models.TextChoices):
    VIDEO = "video", _("Video call")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone call")


class InterviewState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CONFIRMED = "confirmed", _("Confirmed by the candidate")
    RESCHEDULE_REQUESTED = "reschedule_requested", _("Candidate asks to reschedule")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATES = (InterviewState.SCHEDULED, InterviewState.CONFIRMED, InterviewState.RESCHEDULE_REQUESTED)


class Interview(TimeStampedModel):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("application")
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    format = models.CharField(_("format"), max_length=10, choices=InterviewFormat.choices)
    # The video link, the address or the phone number, depending on the format.
    location = models.CharField(_("link, address or phone"), max_length=500)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="interviews", verbose_name=_("interviewers")
    )
    notes = models.TextField(_("notes"), blank=True)
    state = models.CharField(
        _("state"), max_length=25, choices=InterviewState.choices, default=InterviewState.SCHEDULED
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)  # the calendar event's UID
    sequence = models.PositiveIntegerField(default=0)  # bumped on every move (iCalendar SEQUENCE)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        indexes = [models.Index(fields=["state", "starts_at"], name="interview_state_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=InterviewState.values), name="interview_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=InterviewFormat.values), name="interview_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} @ {self.starts_at:%Y-%m-%d %H:%M}"


class Recommendation(models.TextChoices):
    STRONG_YES = "strong_yes", _("Strong yes")
    YES = "yes", _("Yes")
    NO = "no", _("No")
    STRONG_NO = "strong_no", _("Strong no")


class Scorecard(TimeStampedModel):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ratings = models.JSONField(default=dict)  # {criterion: 1..4}
    recommendation = models.CharField(max_length=12, choices=Recommendation.choices)
    comment = models.TextField(blank=True)
    grade = models.ForeignKey(Grade, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["interview", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer"], name="scorecard_one_per_interviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.interview_id}"
