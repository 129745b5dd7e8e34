"""When an interviewer can be booked: working hours per weekday in their own time zone, minus busy
times (typed in the back-office, or read from their calendar over CalDAV by a periodic task)."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value}) from None


class InterviewerSchedule(TimeStampedModel):
    interviewer = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="interview_schedule",
        verbose_name=_("interviewer"),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Moscow", validators=[validate_time_zone]
    )
    slot_step_minutes = models.PositiveSmallIntegerField(
        _("slots start every (minutes)"),
        default=30,
        help_text=_("Free times offered to candidates start on this step within the working hours."),
    )
    accepts_bookings = models.BooleanField(_("candidates may book"), default=True)
    caldav_url = models.URLField(
        _("CalDAV calendar URL"),
        blank=True,
        help_text=_("Yandex Calendar, Nextcloud, Google and others: the calendar's CalDAV address."),
    )
    caldav_username = models.CharField(_("CalDAV user name"), max_length=200, blank=True)
    # Encrypted under a key derived from SECRET_KEY (interviews/secrets.py); never shown back.
    caldav_password = models.TextField(_("CalDAV password (encrypted)"), blank=True)
    caldav_synced_at = models.DateTimeField(_("calendar read at"), null=True, blank=True)
    caldav_error = models.CharField(_("calendar error"), max_length=500, blank=True)

    class Meta:
        ordering = ["interviewer__username", "id"]
        verbose_name = _("interviewer's schedule")
        verbose_name_plural = _("interviewers' schedules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slot_step_minutes__gte=5, slot_step_minutes__lte=240),
                name="schedule_step_range",
            ),
        ]

    def __str__(self) -> str:
        user = self.interviewer
        return user.get_full_name() or user.get_username()


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WorkingHours(TimeStampedModel):
    schedule = models.ForeignKey(
        InterviewerSchedule, on_delete=models.CASCADE, related_name="hours", verbose_name=_("schedule")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        ordering = ["schedule", "weekday", "starts", "id"]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="hours_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6), name="hours_weekday_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self) -> None:
        if self.starts is not None and self.ends is not None and self.ends <= self.starts:
            raise ValidationError({"ends": _("The working hours must end after they start.")})


class BusySource(models.TextChoices):
    MANUAL = "manual", _("Typed in")
    CALDAV = "caldav", _("Calendar (CalDAV)")


class BusyTime(TimeStampedModel):
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="busy_times",
        verbose_name=_("interviewer"),
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    title = models.CharField(_("what"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=BusySource.choices, default=BusySource.MANUAL
    )
    external_uid = models.CharField(_("calendar event UID"), max_length=500, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("busy time")
        verbose_name_plural = _("busy times")
        indexes = [
            models.Index(fields=["interviewer", "starts_at", "ends_at"], name="busy_interviewer_time_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="busy_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=BusySource.values), name="busy_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The busy time must end after it starts.")})
