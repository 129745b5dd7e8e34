"""Reads of booking: an interviewer's free times and the invitations a candidate opens.

A free time is a start, on the schedule's step, inside the working hours (in the interviewer's time
zone) whose whole interview fits, overlapping no busy time and no active interview of theirs, and
at least BOOKING_MIN_NOTICE_HOURS from now. Times are UTC; pages and the bot show them in the
candidate's zone.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from interviews.models import (
    ACTIVE_STATES,
    BookingInvitation,
    BusyTime,
    Interview,
    InterviewerSchedule,
)

Interval = tuple[dt.datetime, dt.datetime]


def schedule_of(interviewer: AbstractBaseUser) -> InterviewerSchedule | None:
    return InterviewerSchedule.objects.filter(interviewer=interviewer).prefetch_related("hours").first()


def busy_intervals(
    *,
    interviewer: AbstractBaseUser,
    start: dt.datetime,
    end: dt.datetime,
    ignore_interview_id: int | None = None,
) -> list[Interval]:
    """Busy times and active interviews of the interviewer overlapping [start, end)."""
    busy = [
        (row.starts_at, row.ends_at)
        for row in BusyTime.objects.filter(interviewer=interviewer, starts_at__lt=end, ends_at__gt=start)
    ]
    interviews = Interview.objects.filter(
        interviewers=interviewer,
        state__in=ACTIVE_STATES,
        starts_at__lt=end,
        starts_at__gt=start - dt.timedelta(hours=8),  # no interview lasts longer (MAX_DURATION_MINUTES)
    ).exclude(pk=ignore_interview_id)
    for starts_at, minutes in interviews.values_list("starts_at", "duration_minutes"):
        busy.append((starts_at, starts_at + dt.timedelta(minutes=minutes)))
    return busy


def _working_starts(
    schedule: InterviewerSchedule, duration: dt.timedelta, start: dt.datetime, end: dt.datetime
):
    zone = zoneinfo.ZoneInfo(schedule.time_zone)
    step = dt.timedelta(minutes=schedule.slot_step_minutes)
    hours = list(schedule.hours.all())
    day = start.astimezone(zone).date() - dt.timedelta(days=1)
    while day <= end.astimezone(zone).date():
        for row in hours:
            if row.weekday != day.weekday():
                continue
            slot = dt.datetime.combine(day, row.starts, tzinfo=zone)
            close = dt.datetime.combine(day, row.ends, tzinfo=zone)
            while slot + duration <= close:
                yield slot.astimezone(dt.UTC)
                slot += step
        day += dt.timedelta(days=1)


def _overlaps(slot: dt.datetime, duration: dt.timedelta, busy: Iterable[Interval]) -> bool:
    return any(slot < busy_end and busy_start < slot + duration for busy_start, busy_end in busy)


def free_slots(
    *,
    interviewer: AbstractBaseUser,
    duration_minutes: int,
    now: dt.datetime | None = None,
    until: dt.datetime | None = None,
    ignore_interview_id: int | None = None,
) -> list[dt.datetime]:
    """The interviewer's free starts (UTC) from now + notice until `until` (default: the horizon)."""
    now = now or timezone.now()
    schedule = schedule_of(interviewer)
    if schedule is None or not schedule.accepts_bookings:
        return []
    start = now + dt.timedelta(hours=settings.BOOKING_MIN_NOTICE_HOURS)
    end = until or now + dt.timedelta(days=settings.BOOKING_HORIZON_DAYS)
    duration = dt.timedelta(minutes=duration_minutes)
    busy = busy_intervals(
        interviewer=interviewer, start=start, end=end + duration, ignore_interview_id=ignore_interview_id
    )
    slots = {
        slot
        for slot in _working_starts(schedule, duration, start, end)
        if start <= slot <= end and not _overlaps(slot, duration, busy)
    }
    return sorted(slots)


def invitation_free_slots(
    *, invitation: BookingInvitation, now: dt.datetime | None = None
) -> list[dt.datetime]:
    return free_slots(
        interviewer=invitation.interviewer,
        duration_minutes=invitation.duration_minutes,
        now=now,
        ignore_interview_id=invitation.interview_id,
    )


def invitation_by_token(token: str) -> BookingInvitation | None:
    if not token or len(token) > 64:
        return None
    return (
        BookingInvitation.objects.select_related(
            "application__candidate", "application__vacancy", "interviewer", "interview"
        )
        .filter(token=token)
        .first()
    )


def upcoming_interviews(*, days: int = 7, limit: int = 10) -> QuerySet[Interview]:
    """Active interviews from now on for `days` days, soonest first, with what the dashboard shows."""
    now = timezone.now()
    return (
        Interview.objects.filter(
            state__in=ACTIVE_STATES, starts_at__gte=now, starts_at__lt=now + dt.timedelta(days=days)
        )
        .select_related("application__candidate", "application__vacancy", "booking")
        .prefetch_related("interviewers")
        .order_by("starts_at", "id")[:limit]
    )
