"""Free times: working hours in the interviewer's zone, minus busy times, interviews and short notice."""

import datetime as dt

import pytest

from interviews.booking_selectors import free_slots
from interviews.models import BusyTime, Interview
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
# Thursday 15 January 2026, 12:00 UTC (15:00 in Moscow): today's hours are over.
NOW = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


def utc(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 1, day, hour, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def short_notice(settings):
    settings.BOOKING_MIN_NOTICE_HOURS = 2
    settings.BOOKING_HORIZON_DAYS = 4  # until Monday 19th, 12:00 UTC


def test_slots_are_the_working_hours_in_the_interviewers_zone_on_weekdays(schedule, interviewer):
    slots = free_slots(interviewer=interviewer, duration_minutes=60, now=NOW)

    # Friday 16th and Monday 19th: 07, 08, 09 UTC; the weekend has no hours.
    assert slots == [utc(16, 7), utc(16, 8), utc(16, 9), utc(19, 7), utc(19, 8), utc(19, 9)]


def test_a_longer_interview_must_fit_inside_the_hours(schedule, interviewer):
    slots = free_slots(interviewer=interviewer, duration_minutes=150, now=NOW)

    assert slots == [utc(16, 7), utc(19, 7)]


def test_busy_times_and_interviews_of_the_interviewer_are_left_out(schedule, interviewer):
    BusyTime.objects.create(
        interviewer=interviewer, starts_at=utc(16, 7) + dt.timedelta(minutes=30), ends_at=utc(16, 8)
    )
    interview = Interview.objects.create(
        application=ApplicationFactory(),
        starts_at=utc(19, 8),
        duration_minutes=30,
        format="video",
        location="x",
    )
    interview.interviewers.add(interviewer)
    Interview.objects.create(  # another interviewer's interview does not matter
        application=ApplicationFactory(),
        starts_at=utc(19, 9),
        duration_minutes=30,
        format="video",
        location="x",
    )

    slots = free_slots(interviewer=interviewer, duration_minutes=60, now=NOW)

    assert slots == [utc(16, 8), utc(16, 9), utc(19, 7), utc(19, 9)]


def test_a_cancelled_interview_frees_its_time(schedule, interviewer):
    interview = Interview.objects.create(
        application=ApplicationFactory(),
        starts_at=utc(16, 7),
        format="video",
        location="x",
        state="cancelled",
    )
    interview.interviewers.add(interviewer)

    assert utc(16, 7) in free_slots(interviewer=interviewer, duration_minutes=60, now=NOW)


def test_nothing_sooner_than_the_notice(schedule, interviewer, settings):
    settings.BOOKING_MIN_NOTICE_HOURS = 20  # from 08:00 UTC on Friday

    slots = free_slots(interviewer=interviewer, duration_minutes=60, now=NOW)

    assert slots[:2] == [utc(16, 8), utc(16, 9)]


def test_an_interviewer_without_a_schedule_or_closed_for_booking_has_no_slots(schedule, interviewer):
    schedule.accepts_bookings = False
    schedule.save()

    assert free_slots(interviewer=interviewer, duration_minutes=60, now=NOW) == []
