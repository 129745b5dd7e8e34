"""Scores of an attempt: grade what can be graded automatically, store the points, decide the result.

The rules themselves are pure functions in `tests_app.grading`; this module loads the rows, applies
them and writes the points back. Runs inside the caller's transaction, on a locked attempt.
"""

from decimal import Decimal

from tests_app import grading
from tests_app.models import TEXT_QUESTION_KINDS, Answer, Attempt, AttemptStatus, Question

S = AttemptStatus


def attempt_grade(attempt: Attempt) -> grading.AttemptScore:
    """Auto-grade choice answers (and empty open answers), store their points, return the totals."""
    questions = list(attempt.test.questions.prefetch_related("choices"))
    answers = {a.question_id: a for a in attempt.answers.prefetch_related("selected_choices")}
    points = [
        (question.points, _question_points(question, answers.get(question.id))) for question in questions
    ]
    return grading.attempt_score(points)


def _question_points(question: Question, answer: Answer | None) -> Decimal | None:
    """The points of one answer (None: an open answer still waiting for the reviewer)."""
    if question.kind in TEXT_QUESTION_KINDS:
        if answer is not None and answer.text.strip():
            return answer.points_awarded
        # Nothing written: nothing to review, zero points (stored unless a reviewer already set some).
        if answer is not None and answer.points_awarded is None:
            _store_points(answer, Decimal(0))
        return Decimal(0)
    correct = {c.id for c in question.choices.all() if c.is_correct}
    selected = {c.id for c in answer.selected_choices.all()} if answer else set()
    awarded = grading.choice_points(question, correct, selected)
    if answer is not None and answer.points_awarded != awarded:
        _store_points(answer, awarded)
    return awarded


def _store_points(answer: Answer, points: Decimal) -> None:
    answer.points_awarded = points
    answer.save(update_fields=["points_awarded", "updated_at"])


def attempt_result_fields(attempt: Attempt, totals: grading.AttemptScore) -> tuple[str, dict]:
    """The status an attempt moves to for these totals, and the score fields to store with it."""
    fields = {"score": totals.score, "max_score": totals.max_score, "percentage": totals.percentage}
    if totals.unreviewed_open_answers:
        return S.NEEDS_REVIEW, {**fields, "passed": None}
    threshold = attempt.test.pass_threshold
    if threshold is None:
        return S.COMPLETED, {**fields, "passed": None}
    passed = totals.percentage >= threshold
    return (S.PASSED if passed else S.FAILED), {**fields, "passed": passed}
