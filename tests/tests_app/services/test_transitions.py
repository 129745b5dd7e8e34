"""The state machine's core (services.transitions): the transition table."""

import itertools

import pytest
from django.utils import timezone

from tests.factories import AttemptFactory
from tests_app.models import AttemptStatus
from tests_app.services import InvalidTransition
from tests_app.services.transitions import attempt_transition

S = AttemptStatus
pytestmark = pytest.mark.django_db

ALLOWED = {
    (S.PENDING, S.IN_PROGRESS),
    *((S.IN_PROGRESS, s) for s in [S.COMPLETED, S.NEEDS_REVIEW, S.PASSED, S.FAILED, S.TIMEOUT, S.ESCAPED]),
    *((S.NEEDS_REVIEW, s) for s in [S.COMPLETED, S.PASSED, S.FAILED]),
}


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(S.values, S.values)))
def test_transition_table_allows_exactly_the_designed_moves(from_status, to_status, status_changes):
    attempt = AttemptFactory(status=from_status, started_at=timezone.now())
    if (from_status, to_status) in ALLOWED:
        attempt_transition(attempt=attempt, to_status=to_status, fields={})
        attempt.refresh_from_db()
        assert attempt.status == to_status
        assert status_changes == [(from_status, to_status)]
    else:
        with pytest.raises(InvalidTransition):
            attempt_transition(attempt=attempt, to_status=to_status, fields={})
        attempt.refresh_from_db()
        assert attempt.status == from_status
        assert status_changes == []
