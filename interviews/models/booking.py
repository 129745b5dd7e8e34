"""An invitation to choose a time: HR picks the interviewer, format and length, the candidate picks a
free slot (in the bot or on the booking page), and the booked slot becomes an Interview."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models import Application
from core.models import TimeStampedModel
from interviews.models.interviews import Interview, InterviewFormat


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the candidate")
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class BookingInvitation(TimeStampedModel):
    token = models.CharField(max_length=64, unique=True, editable=False)
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="booking_invitations",
        verbose_name=_("application"),
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="booking_invitations",
        verbose_name=_("interviewer"),
    )
    format = models.CharField(_("format"), max_length=10, choices=InterviewFormat.choices)
    location = models.CharField(_("link, address or phone"), max_length=500)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    deadline = models.DateTimeField(_("book by"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.PENDING
    )
    slot_start = models.DateTimeField(_("booked time"), null=True, blank=True)
    interview = models.OneToOneField(
        Interview,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booking",
        verbose_name=_("interview"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("booking invitation")
        verbose_name_plural = _("booking invitations")
        indexes = [models.Index(fields=["status", "deadline"], name="booking_status_deadline_idx")]
        constraints = [
            # The last line against a double booking (the service also locks the interviewer's schedule).
            models.UniqueConstraint(
                fields=["interviewer", "slot_start"],
                condition=models.Q(status="booked"),
                name="booking_one_per_interviewer_slot",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=BookingStatus.values), name="booking_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=InterviewFormat.values), name="booking_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} ({self.get_status_display()})"
