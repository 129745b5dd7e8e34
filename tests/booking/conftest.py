from tests.interviews.conftest import application, interviewer, schedule
from tests.messaging.conftest import NOON, clock

__all__ = ["NOON", "application", "clock", "interviewer", "schedule"]
