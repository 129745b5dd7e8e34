"""The attempt state machine's core: the transition table, its error, the row lock every change takes.

Every status change of an attempt goes through `attempt_transition`.
"""

from django.core.exceptions import ValidationError

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
    pass


def attempt_locked(attempt: Attempt) -> Attempt:
    """The attempt re-read and locked for the rest of the transaction."""
    return Attempt.objects.select_for_update().select_related("test", "candidate").get(pk=attempt.pk)


def attempt_transition(*, attempt: Attempt, to_status: str, fields: dict) -> None:
    """Validate, save and announce one status change. Runs inside the caller's transaction."""
    if to_status not in ALLOWED_TRANSITIONS[attempt.status]:
        raise InvalidTransition(f"An attempt cannot go from {attempt.status} to {to_status}.")
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
