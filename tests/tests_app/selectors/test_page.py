import pytest

from tests.factories import AttemptFactory, TestFactory
from tests_app.selectors import attempt_remaining_seconds

pytestmark = pytest.mark.django_db


def test_before_the_start_the_remaining_time_includes_the_candidates_extra_minutes():
    attempt = AttemptFactory(test=TestFactory(duration_minutes=30), extra_minutes=15)
    assert attempt.deadline is None
    assert attempt_remaining_seconds(attempt=attempt) == 45 * 60
