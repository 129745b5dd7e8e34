"""The state machine's core (services.transitions): the transition table, the row lock, the errors."""

import itertools

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from tests.factories import AttemptFactory
from tests_app.models import Attempt, AttemptStatus, ProctorEvent
from tests_app.services import AttemptGone, InvalidTransition
from tests_app.services.transitions import attempt_locked, attempt_transaction, attempt_transition

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


def test_the_lock_rereads_the_attempt_and_reports_a_deleted_one_as_gone():
    attempt = AttemptFactory()
    Attempt.objects.filter(pk=attempt.pk).update(status=S.IN_PROGRESS, started_at=timezone.now())
    assert attempt_locked(attempt).status == S.IN_PROGRESS  # the row, not the caller's copy
    Attempt.objects.filter(pk=attempt.pk).delete()
    with pytest.raises(AttemptGone):
        attempt_locked(attempt)
    assert issubclass(AttemptGone, Attempt.DoesNotExist)


def _orphan_event(attempt: Attempt) -> None:
    """Insert an event of `attempt` and check the foreign keys now, as the commit would."""
    ProctorEvent.objects.create(attempt_id=attempt.pk, kind="paste", occurred_at=timezone.now())
    connection.check_constraints(table_names=[ProctorEvent._meta.db_table])


def test_a_foreign_key_failing_because_the_attempt_vanished_becomes_gone():
    attempt = AttemptFactory()
    Attempt.objects.filter(pk=attempt.pk).delete()
    with pytest.raises(AttemptGone) as error, attempt_transaction(attempt):
        _orphan_event(attempt)
    assert isinstance(error.value.__cause__, IntegrityError)
    assert not ProctorEvent.objects.exists()


def test_an_update_that_finds_no_row_because_the_attempt_vanished_becomes_gone():
    attempt = AttemptFactory()
    Attempt.objects.filter(pk=attempt.pk).delete()
    with pytest.raises(AttemptGone), attempt_transaction(attempt):
        attempt.save(update_fields=["status"])


def test_an_integrity_error_of_an_attempt_that_still_exists_is_not_hidden():
    attempt = AttemptFactory()
    with pytest.raises(IntegrityError), attempt_transaction(attempt):
        Attempt.objects.create(
            candidate=attempt.candidate, test=attempt.test, token=attempt.token, expires_at=attempt.expires_at
        )
