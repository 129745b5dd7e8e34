"""The reminder goes out once, two hours before the interview (beat runs the sweep)."""

import datetime as dt

import pytest

from interviews.models import Interview
from interviews.services import (
    interview_cancel,
    interview_move,
    interview_schedule,
    interviews_send_reminders,
)
from interviews.tasks import send_interview_reminders
from messaging.models import ScheduledMessage
from tests.interviews.conftest import NOON

pytestmark = pytest.mark.django_db
STARTS = NOON + dt.timedelta(hours=5)  # 18:00 in Berlin


@pytest.fixture
def interview(clock, application):
    return interview_schedule(
        application=application,
        starts_at=STARTS,
        duration_minutes=30,
        format="phone",
        location="+49 30 1234567",
    )


def _reminders() -> list[ScheduledMessage]:
    return list(ScheduledMessage.objects.filter(reason__endswith=":reminder"))


def test_the_reminder_fires_once_two_hours_before(clock, interview):
    clock.now = STARTS - dt.timedelta(hours=2, minutes=1)
    assert interviews_send_reminders() == 0

    clock.now = STARTS - dt.timedelta(hours=2)
    assert send_interview_reminders() == 1
    clock.now = STARTS - dt.timedelta(hours=1)
    assert interviews_send_reminders() == 0

    [reminder] = _reminders()
    assert reminder.text.startswith("Reminder: your interview for Python developer")
    assert "We will call you: +49 30 1234567" in reminder.text
    assert reminder.document_name == "interview.ics"


def test_a_moved_interview_is_reminded_again_at_its_new_time(clock, interview):
    clock.now = STARTS - dt.timedelta(hours=1)
    interviews_send_reminders()
    interview_move(interview=interview, starts_at=STARTS + dt.timedelta(days=1))

    clock.now = STARTS + dt.timedelta(days=1, hours=-2)
    assert interviews_send_reminders() == 1
    assert len(_reminders()) == 2


def test_a_cancelled_interview_is_not_reminded(clock, interview):
    interview_cancel(interview=interview)

    clock.now = STARTS - dt.timedelta(hours=1)
    assert interviews_send_reminders() == 0


def test_an_interview_scheduled_less_than_two_hours_ahead_gets_no_separate_reminder(clock, application):
    interview_schedule(
        application=application,
        starts_at=NOON + dt.timedelta(hours=1),
        duration_minutes=30,
        format="phone",
        location="+49 30 1234567",
    )

    assert interviews_send_reminders() == 0
    assert Interview.objects.get().reminder_sent_at == NOON
