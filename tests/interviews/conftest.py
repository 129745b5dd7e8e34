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
