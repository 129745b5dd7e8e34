import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ApplicationFactory, UserFactory
from tests.messaging.conftest import (
    bot,
    chat,
    eager_celery,
    fake_telegram,
    local_cache,
    telegram_settings,
)

__all__ = ["bot", "chat", "eager_celery", "fake_telegram", "local_cache", "telegram_settings"]

# Thursday 15 January 2026, 12:00 UTC: 13:00 in Berlin, where the candidate's phone says they live.
NOON = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        now = NOON

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


@pytest.fixture
def application(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
