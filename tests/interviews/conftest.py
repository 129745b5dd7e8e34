import datetime as dt

import pytest

from tests.factories import ApplicationFactory, UserFactory
from tests.messaging.conftest import NOON, clock
from tests.telegram_bot.conftest import bot, chat

__all__ = ["NOON", "bot", "chat", "clock"]


@pytest.fixture
def application(db):
    return ApplicationFactory(
        candidate__name="Ann",
        candidate__phone="+4915112345678",
        candidate__telegram_id=777001,
        candidate__language="en",
        vacancy__name="Python developer",
        vacancy__scorecard_criteria="Python\nCommunication",
    )


@pytest.fixture
def interviewer(db):
    return UserFactory(username="ivan", first_name="Ivan")


@pytest.fixture
def schedule(interviewer):
    """Ivan works 10:00-13:00 Moscow time (07:00-10:00 UTC) on weekdays, in 60-minute steps."""
    from interviews.models import InterviewerSchedule, WorkingHours

    schedule = InterviewerSchedule.objects.create(
        interviewer=interviewer, time_zone="Europe/Moscow", slot_step_minutes=60
    )
    for weekday in range(5):
        WorkingHours.objects.create(
            schedule=schedule, weekday=weekday, starts=dt.time(10, 0), ends=dt.time(13, 0)
        )
    return schedule
