"""Busy times read from an interviewer's calendar over CalDAV (Yandex Calendar, Nextcloud, Google,
Radicale...), with the `caldav` library. Each read replaces the interviewer's calendar busy times in
the booking window; typed-in busy times are left alone. A calendar that cannot be read keeps the
busy times of the last good read, and the error is shown on the schedule in the back-office.
"""

import datetime as dt
import logging
import zoneinfo

import caldav
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from interviews.models import BusySource, BusyTime, InterviewerSchedule
from interviews.secrets import secret_decrypt

logger = logging.getLogger(__name__)
Busy = tuple[str, dt.datetime, dt.datetime, str]


class CalendarUnreadable(Exception):
    pass


def _moment(value, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A DATE (all-day) is midnight in the interviewer's zone; a floating time is in it too."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    return dt.datetime.combine(value, dt.time(0), tzinfo=zone)


def _busy_of(component, zone: zoneinfo.ZoneInfo) -> Busy | None:
    if str(component.get("transp", "")).upper() == "TRANSPARENT":
        return None
    if str(component.get("status", "")).upper() == "CANCELLED":
        return None
    start_value = component.decoded("dtstart")
    start = _moment(start_value, zone)
    if component.get("dtend") is not None:
        end = _moment(component.decoded("dtend"), zone)
    elif component.get("duration") is not None:
        end = start + component.decoded("duration")
    else:
        end = start + (dt.timedelta(days=1) if not isinstance(start_value, dt.datetime) else dt.timedelta(0))
    if end <= start:
        return None
    return (str(component.get("uid", ""))[:500], start, end, str(component.get("summary", ""))[:200])


def _read(schedule: InterviewerSchedule, start: dt.datetime, end: dt.datetime) -> list[Busy]:
    password = secret_decrypt(schedule.caldav_password)
    if schedule.caldav_password and not password:
        raise CalendarUnreadable("The stored password cannot be read (SECRET_KEY changed): type it again.")
    zone = zoneinfo.ZoneInfo(schedule.time_zone)
    try:
        with caldav.DAVClient(
            url=schedule.caldav_url,
            username=schedule.caldav_username or None,
            password=password or None,
            timeout=settings.BOOKING_CALDAV_TIMEOUT_SECONDS,
        ) as client:
            events = client.calendar(url=schedule.caldav_url).search(
                start=start, end=end, event=True, expand=True
            )
            found = [_busy_of(event.icalendar_component, zone) for event in events]
    except Exception as error:  # the server's or the network's: anything a remote calendar throws
        raise CalendarUnreadable(f"{type(error).__name__}: {error}"[:500]) from error
    return [busy for busy in found if busy is not None]


def calendar_busy_sync(*, schedule_id: int, now: dt.datetime | None = None) -> int:
    """Read one interviewer's calendar; returns the busy times stored (0 when it failed)."""
    now = now or timezone.now()
    schedule = InterviewerSchedule.objects.filter(pk=schedule_id).exclude(caldav_url="").first()
    if schedule is None:
        return 0
    start, end = now - dt.timedelta(days=1), now + dt.timedelta(days=settings.BOOKING_HORIZON_DAYS + 1)
    try:
        found = _read(schedule, start, end)
    except CalendarUnreadable as error:
        logger.warning("The calendar of schedule %s cannot be read: %s", schedule.pk, error)
        InterviewerSchedule.objects.filter(pk=schedule.pk).update(caldav_error=str(error), updated_at=now)
        return 0
    with transaction.atomic():
        BusyTime.objects.filter(interviewer_id=schedule.interviewer_id, source=BusySource.CALDAV).delete()
        BusyTime.objects.bulk_create(
            BusyTime(
                interviewer_id=schedule.interviewer_id,
                source=BusySource.CALDAV,
                external_uid=uid,
                starts_at=busy_start,
                ends_at=busy_end,
                title=title,
            )
            for uid, busy_start, busy_end, title in found
        )
        InterviewerSchedule.objects.filter(pk=schedule.pk).update(
            caldav_synced_at=now, caldav_error="", updated_at=now
        )
    return len(found)


def calendars_sync_due(*, now: dt.datetime | None = None) -> int:
    """Read every calendar not read for BOOKING_CALDAV_SYNC_MINUTES (beat: interviews-sync-calendars);
    a failing one is tried again after as long. Returns how many were tried."""
    now = now or timezone.now()
    stale = now - dt.timedelta(minutes=settings.BOOKING_CALDAV_SYNC_MINUTES)
    due = (
        InterviewerSchedule.objects.exclude(caldav_url="")
        .filter(Q(caldav_synced_at=None) | Q(caldav_synced_at__lt=stale))
        .filter(Q(caldav_error="") | Q(updated_at__lt=stale))
        .values_list("pk", flat=True)
    )
    schedule_ids = list(due)
    for schedule_id in schedule_ids:
        calendar_busy_sync(schedule_id=schedule_id, now=now)
    return len(schedule_ids)
