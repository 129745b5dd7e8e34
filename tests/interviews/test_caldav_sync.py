"""Busy times read from a real CalDAV server (Radicale, started by the test)."""

import datetime as dt
import uuid

import pytest

from interviews.booking_selectors import free_slots
from interviews.caldav_sync import calendar_busy_sync, calendars_sync_due
from interviews.models import BusyTime, InterviewerSchedule
from interviews.secrets import secret_encrypt
from interviews.tasks import sync_calendars
from tests.interviews.radicale_server import make_calendar, radicale

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
FRIDAY_7 = dt.datetime(2026, 1, 16, 7, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def caldav_server(tmp_path_factory):
    with radicale(tmp_path_factory.mktemp("radicale")) as url:
        yield url


@pytest.fixture
def calendar_url(caldav_server):
    return make_calendar(
        caldav_server,
        f"ivan-{uuid.uuid4().hex[:8]}",  # a fresh calendar per test on the shared server
        [
            "DTSTART:20260116T073000Z\nDTEND:20260116T083000Z\nSUMMARY:Dentist",
            "DTSTART:20260112T090000Z\nDTEND:20260112T100000Z\nRRULE:FREQ=WEEKLY;COUNT=4\nSUMMARY:Standup",
            "DTSTART;VALUE=DATE:20260120\nDTEND;VALUE=DATE:20260121\nSUMMARY:Holiday",
            "DTSTART:20260116T090000Z\nDTEND:20260116T100000Z\nTRANSP:TRANSPARENT\nSUMMARY:Free to book",
        ],
    )


def test_the_calendar_becomes_busy_times_and_leaves_those_slots_out(
    settings, schedule, interviewer, calendar_url
):
    settings.BOOKING_MIN_NOTICE_HOURS = 2
    schedule.caldav_url, schedule.caldav_username = calendar_url, "ivan"
    schedule.caldav_password = secret_encrypt("secret")
    schedule.save()
    BusyTime.objects.create(interviewer=interviewer, starts_at=NOW, ends_at=NOW + dt.timedelta(hours=1))

    assert calendar_busy_sync(schedule_id=schedule.pk, now=NOW) == 4  # the standup twice in the window

    calendar = BusyTime.objects.filter(source="caldav").order_by("starts_at")
    assert [(busy.title, busy.starts_at) for busy in calendar] == [
        ("Dentist", dt.datetime(2026, 1, 16, 7, 30, tzinfo=dt.UTC)),
        ("Standup", dt.datetime(2026, 1, 19, 9, tzinfo=dt.UTC)),
        ("Holiday", dt.datetime(2026, 1, 19, 21, tzinfo=dt.UTC)),  # midnight in Moscow
        ("Standup", dt.datetime(2026, 1, 26, 9, tzinfo=dt.UTC)),
    ]
    assert BusyTime.objects.filter(source="manual").count() == 1  # typed-in ones stay
    schedule.refresh_from_db()
    assert (schedule.caldav_synced_at, schedule.caldav_error) == (NOW, "")
    slots = free_slots(interviewer=interviewer, duration_minutes=60, now=NOW)
    assert FRIDAY_7 not in slots and FRIDAY_7 + dt.timedelta(hours=1) not in slots
    assert FRIDAY_7 + dt.timedelta(hours=2) in slots  # the transparent event does not block
    assert not [slot for slot in slots if slot.date() == dt.date(2026, 1, 20)]  # the holiday


def test_reading_again_replaces_the_calendars_busy_times(schedule, calendar_url):
    schedule.caldav_url = calendar_url
    schedule.save()
    calendar_busy_sync(schedule_id=schedule.pk, now=NOW)
    calendar_busy_sync(schedule_id=schedule.pk, now=NOW)

    assert BusyTime.objects.filter(source="caldav").count() == 4


def test_an_unreachable_calendar_keeps_the_last_busy_times_and_shows_the_error(schedule, calendar_url):
    schedule.caldav_url = calendar_url
    schedule.save()
    calendar_busy_sync(schedule_id=schedule.pk, now=NOW)
    InterviewerSchedule.objects.filter(pk=schedule.pk).update(caldav_url="http://127.0.0.1:9/nothing/")

    assert calendar_busy_sync(schedule_id=schedule.pk, now=NOW + dt.timedelta(hours=1)) == 0

    schedule.refresh_from_db()
    assert schedule.caldav_error and schedule.caldav_synced_at == NOW
    assert BusyTime.objects.filter(source="caldav").count() == 4


def test_a_password_stored_under_another_secret_key_is_reported(settings, schedule, calendar_url):
    schedule.caldav_url, schedule.caldav_password = calendar_url, secret_encrypt("secret")
    schedule.save()
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40

    calendar_busy_sync(schedule_id=schedule.pk, now=NOW)

    schedule.refresh_from_db()
    assert "type it again" in schedule.caldav_error


def test_the_periodic_task_reads_only_the_calendars_due(settings, schedule, calendar_url, clock):
    settings.BOOKING_CALDAV_SYNC_MINUTES = 10
    schedule.caldav_url = calendar_url
    schedule.save()

    assert sync_calendars() == 1
    assert calendars_sync_due(now=clock.now + dt.timedelta(minutes=5)) == 0
    assert calendars_sync_due(now=clock.now + dt.timedelta(minutes=11)) == 1
