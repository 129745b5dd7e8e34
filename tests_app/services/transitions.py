"""The attempt state machine's core: the transition table, its errors, the row lock every write takes.

Every status change of an attempt goes through `attempt_transition`; every service that writes rows
of an attempt runs inside `attempt_transaction` and reads the attempt with `attempt_locked`, so a
deletion racing the write (HR deletes the candidate while the candidate's page still sends answers or
events) ends as `AttemptGone` rather than as an `IntegrityError` at commit.
"""

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from candidates import services as candidate_services
from tests_app import signals
from tests_app.models import FINISHED_ATTEMPT_STATUSES, Attempt, AttemptStatus

S = AttemptStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.IN_PROGRESS}),
    S.IN_PROGRESS: frozenset({S.COMPLETED, S.NEEDS_REVIEW, S.PASSED, S.FAILED, S.TIMEOUT, S.ESCAPED}),
    S.NEEDS_REVIEW: frozenset({S.COMPLETED, S.PASSED, S.FAILED}),
    S.COMPLETED: frozenset(),
    S.PASSED: frozenset(),
    S.FAILED: frozenset(),
    S.TIMEOUT: frozenset(),
    S.ESCAPED: frozenset(),
}


class InvalidTransition(ValidationError):
    """The attempt is not in a status that allows this. `attempt` is the row as the service read it."""

    def __init__(self, message: str, *, attempt: Attempt | None = None) -> None:
        super().__init__(message)
        self.attempt = attempt


class AttemptClosed(InvalidTransition):
    """The attempt is over for the candidate: finished, past its deadline, or an expired invitation."""


class AttemptGone(Attempt.DoesNotExist):
    """The attempt no longer exists: deleted before or while the request ran."""


def attempt_locked(attempt: Attempt | uuid.UUID) -> Attempt:
    """The attempt re-read and locked for the rest of the transaction; `AttemptGone` when deleted."""
    pk = attempt.pk if isinstance(attempt, Attempt) else attempt
    # Lock the attempt (and its candidate), not the test: every attempt of one test shares that row.
    locked = (
        Attempt.objects.select_for_update(of=("self", "candidate"))
        .select_related("test", "candidate")
        .filter(pk=pk)
        .first()
    )
    if locked is None:
        raise AttemptGone("This test link is no longer valid.")
    return locked


@contextmanager
def attempt_transaction(attempt: Attempt) -> Iterator[None]:
    """The transaction of a service that writes an attempt; a deletion racing it ends as `AttemptGone`.

    The service reads the attempt with `attempt_locked` first, and the lock keeps the row in place
    until the commit. Should a deletion slip in all the same (a database without row locks), the
    write fails (an update that touches no row, a foreign key at the insert or at commit); once it
    is clear that the attempt is what vanished, that error becomes `AttemptGone`.
    """
    try:
        with transaction.atomic():
            yield
    except DatabaseError as error:  # IntegrityError included
        if Attempt.objects.filter(pk=attempt.pk).exists():
            raise
        raise AttemptGone("This test link is no longer valid.") from error


def attempt_transition(*, attempt: Attempt, to_status: str, fields: dict) -> None:
    """Validate, save and announce one status change. Runs inside the caller's transaction."""
    if to_status not in ALLOWED_TRANSITIONS[attempt.status]:
        raise InvalidTransition(
            f"An attempt cannot go from {attempt.status} to {to_status}.", attempt=attempt
        )
    old_status = attempt.status
    for name, value in fields.items():
        setattr(attempt, name, value)
    attempt.status = to_status
    attempt.save(update_fields=[*fields, "status", "updated_at"])
    signals.attempt_status_changed.send(
        sender=Attempt, attempt=attempt, old_status=old_status, new_status=to_status
    )
    if attempt.status in FINISHED_ATTEMPT_STATUSES:
        candidate_services.candidate_mark_tests_completed(
            candidate=attempt.candidate,
            all_attempts_finished=not attempt.candidate.attempts.exclude(
                status__in=FINISHED_ATTEMPT_STATUSES
            ).exists(),
        )


def attempt_require_open(attempt: Attempt, *, action: str, before: dt.datetime | None = None) -> None:
    """Refuse unless the (locked, fresh) attempt is in progress, and before its deadline at `before`."""
    if attempt.status == S.PENDING:
        raise InvalidTransition(f"This test has not been started: no {action} yet.", attempt=attempt)
    if attempt.status != S.IN_PROGRESS:
        raise AttemptClosed(f"This test is over: no more {action}.", attempt=attempt)
    if before is not None and attempt.deadline and before > attempt.deadline:
        raise AttemptClosed("The time for this test is over.", attempt=attempt)
