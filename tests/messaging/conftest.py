import datetime as dt

import pytest
from django.utils import timezone

from messaging.default_templates import defaults_ensure
from messaging.models import MessageTemplate, StatusNotification
from messaging.tasks import deliver_message
from tests.factories import OutboundMessageFactory

# Thursday 15 January 2026, 12:00 UTC: 13:00 in Berlin, where the candidate's phone says they live.
NOON = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    """A frozen clock (timezone.now) at NOON that the test moves by hand."""

    class Clock:
        now = NOON

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


@pytest.fixture
def default_notifications(db):
    """The templates and status notifications the data migration installs (tests run without it)."""
    defaults_ensure(MessageTemplate, StatusNotification)


@pytest.fixture
def outbound(telegram_settings):
    """A queued outbound message to a candidate with a Telegram chat."""
    return OutboundMessageFactory(text="Your interview is on Monday at 10:00.")


@pytest.fixture
def queued_tasks(monkeypatch) -> list[str]:
    """The message ids handed to the broker (the broker itself is not what these tests are about)."""
    ids: list[str] = []
    monkeypatch.setattr(deliver_message, "delay", ids.append)
    return ids
