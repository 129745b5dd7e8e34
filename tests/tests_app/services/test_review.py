"""HR's review (services.review): points for open answers, then the regrade that decides."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import AttemptFactory, QuestionFactory
from tests_app import services
from tests_app.models import Answer, Attempt, AttemptStatus, QuestionKind

S = AttemptStatus
pytestmark = pytest.mark.django_db


def _needs_review(sample_test) -> Attempt:
    attempt = services.attempt_start(attempt=AttemptFactory(test=sample_test.test))
    services.answer_save(
        attempt=attempt, question=sample_test.single, choice_ids=[sample_test.single_right.id]
    )
    services.answer_save(
        attempt=attempt, question=sample_test.multi, choice_ids=[c.id for c in sample_test.multi_right]
    )
    services.answer_save(attempt=attempt, question=sample_test.open, text="A lock around the interpreter.")
    return services.attempt_submit(attempt=attempt)


def _open_answer(attempt, sample_test) -> Answer:
    return Answer.objects.get(attempt=attempt, question=sample_test.open)


@pytest.mark.parametrize("points", [Decimal("4"), Decimal("0")])
def test_finish_review_regrades_and_decides(points, sample_test, status_changes):
    attempt = _needs_review(sample_test)
    services.answer_review(answer=_open_answer(attempt, sample_test), points=points, comment="ok")
    attempt = services.attempt_finish_review(attempt=attempt)
    assert attempt.status == S.PASSED  # 4 points of choices alone reach the 50% threshold
    assert attempt.score == Decimal("4") + points
    assert status_changes[-1] == (S.NEEDS_REVIEW, S.PASSED)


def test_finish_review_fails_below_the_threshold(sample_test):
    sample_test.test.pass_threshold = Decimal("90")
    sample_test.test.save()
    attempt = _needs_review(sample_test)
    services.answer_review(answer=_open_answer(attempt, sample_test), points=Decimal(1))
    attempt = services.attempt_finish_review(attempt=attempt)
    assert (attempt.status, attempt.percentage, attempt.passed) == (S.FAILED, Decimal("62.50"), False)


def test_finish_review_completes_without_a_threshold(sample_test):
    sample_test.test.pass_threshold = None
    sample_test.test.save()
    attempt = _needs_review(sample_test)
    services.answer_review(answer=_open_answer(attempt, sample_test), points=Decimal(2))
    assert services.attempt_finish_review(attempt=attempt).status == S.COMPLETED


def test_finish_review_refuses_while_an_open_answer_has_no_points(sample_test):
    attempt = _needs_review(sample_test)
    with pytest.raises(ValidationError):
        services.attempt_finish_review(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == S.NEEDS_REVIEW


@pytest.mark.parametrize("status", [S.PENDING, S.IN_PROGRESS, S.PASSED, S.TIMEOUT])
def test_finish_review_refuses_an_attempt_not_in_review(status, sample_test):
    attempt = AttemptFactory(test=sample_test.test, status=status, started_at=timezone.now())
    with pytest.raises(services.InvalidTransition):
        services.attempt_finish_review(attempt=attempt)


@pytest.mark.parametrize("points", [Decimal("-1"), Decimal("4.01")])
def test_answer_review_refuses_points_out_of_range(points, sample_test):
    answer = _open_answer(_needs_review(sample_test), sample_test)
    with pytest.raises(ValidationError):
        services.answer_review(answer=answer, points=points)
    answer.refresh_from_db()
    assert answer.points_awarded is None


def test_answer_review_refuses_a_choice_answer(sample_test):
    attempt = _needs_review(sample_test)
    with pytest.raises(ValidationError):
        services.answer_review(
            answer=Answer.objects.get(attempt=attempt, question=sample_test.single), points=Decimal(1)
        )


def test_answer_review_refuses_once_the_review_is_finished(sample_test):
    attempt = _needs_review(sample_test)
    answer = _open_answer(attempt, sample_test)
    services.answer_review(answer=answer, points=Decimal(1))
    services.attempt_finish_review(attempt=attempt)
    with pytest.raises(services.InvalidTransition):
        services.answer_review(answer=Answer.objects.get(pk=answer.pk), points=Decimal(4))


def test_saving_a_review_saves_every_answer_and_finishes_when_asked(sample_test):
    attempt = _needs_review(sample_test)
    answer = _open_answer(attempt, sample_test)

    attempt = services.attempt_review_save(
        attempt=attempt, reviews=[(answer, Decimal("3"), "good")], finish=True
    )

    answer.refresh_from_db()
    assert (answer.points_awarded, answer.reviewer_comment) == (Decimal("3"), "good")
    assert attempt.status == S.PASSED


def test_a_review_that_cannot_finish_saves_none_of_its_points(sample_test):
    attempt = _needs_review(sample_test)
    answer = _open_answer(attempt, sample_test)
    too_many = answer.question.points + 1

    with pytest.raises(ValidationError):
        services.attempt_review_save(
            attempt=attempt, reviews=[(answer, Decimal("2"), "x"), (answer, too_many, "y")]
        )

    answer.refresh_from_db()
    assert answer.points_awarded is None


def test_a_code_answer_is_reviewed_like_an_open_answer(sample_test):
    code = QuestionFactory(
        test=sample_test.test, order=9, kind=QuestionKind.CODE, text="Write code.", points=3
    )
    attempt = services.attempt_start(attempt=AttemptFactory(test=sample_test.test))
    services.answer_save(
        attempt=attempt, question=sample_test.single, choice_ids=[sample_test.single_right.id]
    )
    answer = services.answer_save(attempt=attempt, question=code, text="def f():\n    return 1")
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.status == "needs_review"
    assert answer.text == "def f():\n    return 1"
    answer.refresh_from_db()
    assert answer.points_awarded is None
    services.answer_review(answer=answer, points=Decimal("3"))
    assert answer.points_awarded == Decimal("3")
