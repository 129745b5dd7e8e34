import pytest

from tests.interviews.conftest import application, interviewer, schedule
from tests.messaging.conftest import NOON, clock

__all__ = ["NOON", "application", "clock", "interviewer", "schedule"]


@pytest.fixture(autouse=True)
def _own_cache(local_cache):
    """The public link's rate limit counts in a cache of the test's own."""
