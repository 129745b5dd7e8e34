"""HR's review of open answers: points per answer, then the regrade that moves the attempt on."""

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tests_app.models import TEXT_QUESTION_KINDS, Answer, Attempt, AttemptStatus
from tests_app.services.scoring import attempt_grade, attempt_result_fields
from tests_app.services.transitions import (
    InvalidTransition,
    attempt_locked,
    attempt_transaction,
    attempt_transition,
)

S = AttemptStatus


def answer_review(
    *, answer: Answer, points: Decimal, comment: str = "", reviewer: AbstractBaseUser | None = None
) -> Answer:
    """Give an open answer its points (and a comment) while its attempt needs review."""
    if answer.attempt.status != S.NEEDS_REVIEW:
        raise InvalidTransition("Only answers of attempts that need review can be reviewed.")
    if answer.question.kind not in TEXT_QUESTION_KINDS:
        raise ValidationError({"points": "Only open answers are reviewed by hand."})
    if not Decimal(0) <= points <= answer.question.points:
        raise ValidationError({"points": f"Points must be between 0 and {answer.question.points}."})
    answer.points_awarded = points
    answer.reviewer_comment = comment
    answer.reviewed_by = reviewer
    answer.reviewed_at = timezone.now()
    answer.save(
        update_fields=["points_awarded", "reviewer_comment", "reviewed_by", "reviewed_at", "updated_at"]
    )
    return answer


def attempt_finish_review(*, attempt: Attempt) -> Attempt:
    """Regrade once every open answer has points, and move the attempt on."""
    with attempt_transaction(attempt):
        attempt = attempt_locked(attempt)
        if attempt.status != S.NEEDS_REVIEW:
            raise InvalidTransition("Only attempts that need review can be finished.", attempt=attempt)
        totals = attempt_grade(attempt)
        if totals.unreviewed_open_answers:
            raise ValidationError(f"{totals.unreviewed_open_answers} open answer(s) still need points.")
        status, fields = attempt_result_fields(attempt, totals)
        attempt_transition(attempt=attempt, to_status=status, fields=fields)
    return attempt


def attempt_review_save(
    *,
    attempt: Attempt,
    reviews: list[tuple[Answer, Decimal, str]],
    reviewer: AbstractBaseUser | None = None,
    finish: bool = False,
) -> Attempt:
    """Save the points and comments of several open answers at once (all or none), and finish
    the review when asked."""
    with transaction.atomic():
        for answer, points, comment in reviews:
            answer_review(answer=answer, points=points, comment=comment, reviewer=reviewer)
        if finish:
            attempt = attempt_finish_review(attempt=attempt)
    return attempt
