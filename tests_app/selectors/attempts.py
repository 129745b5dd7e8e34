"""Reads of tests and attempts for the API and the back-office: lists, results, the review queue."""

import uuid
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from candidates.models import Candidate
from tests_app.models import Answer, Attempt, AttemptStatus, Question, Test


def tests_active() -> QuerySet[Test]:
    """Tests open for assignment, with their number of questions and total points."""
    return Test.objects.filter(is_active=True).annotate(
        question_count=Count("questions"),
        max_points=Coalesce(
            Sum("questions__points"),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=10, decimal_places=2),
        ),
    )


def attempts_all() -> QuerySet[Attempt]:
    return Attempt.objects.select_related("test")


def attempts_of_candidate(*, candidate: Candidate) -> QuerySet[Attempt]:
    return Attempt.objects.select_related("test").filter(candidate=candidate)


LATEST_ATTEMPTS = 10


def attempts_newest_first() -> QuerySet[Attempt]:
    """The one order of "latest attempts": newest created first, ties broken by id."""
    return Attempt.objects.order_by("-created_at", "-id")


def attempts_latest(*, candidate: Candidate, limit: int = LATEST_ATTEMPTS) -> list[Attempt]:
    return list(attempts_newest_first().select_related("test").filter(candidate=candidate)[:limit])


def attempts_needing_review() -> QuerySet[Attempt]:
    """The review queue: attempts whose open answers wait for HR's points."""
    return Attempt.objects.filter(status=AttemptStatus.NEEDS_REVIEW).select_related("candidate", "test")


def attempt_result(*, attempt_id: uuid.UUID) -> Attempt | None:
    """An attempt with its test's questions (and choices) and its answers prefetched."""
    questions = Question.objects.prefetch_related("choices").order_by("order", "id")
    answers = Answer.objects.prefetch_related("selected_choices")
    return (
        Attempt.objects.select_related("test")
        .prefetch_related(
            Prefetch("test__questions", queryset=questions), Prefetch("answers", queryset=answers)
        )
        .filter(pk=attempt_id)
        .first()
    )


def _questions_in_order(attempt: Attempt) -> list[Question]:
    """The questions in the order the candidate saw them (the test's order before the start)."""
    questions = list(attempt.test.questions.all())
    if not attempt.question_order:
        return questions
    position = {question_id: index for index, question_id in enumerate(attempt.question_order)}
    return sorted(questions, key=lambda q: (position.get(q.id, len(position)), q.order, q.id))


def attempt_question_results(*, attempt: Attempt) -> list[dict]:
    """Each question of an attempt (from `attempt_result`) with the answer, points and choices."""
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    return [_question_result(question, answers.get(question.id)) for question in _questions_in_order(attempt)]


def _question_result(question: Question, answer: Answer | None) -> dict:
    selected = {choice.id for choice in answer.selected_choices.all()} if answer else set()
    return {
        "question_id": question.id,
        "kind": question.kind,
        "text": question.text,
        "max_points": question.points,
        "points_awarded": answer.points_awarded if answer else None,
        "answered": answer is not None,
        "answer_text": answer.text if answer else "",
        "choices": [
            {"id": c.id, "text": c.text, "is_correct": c.is_correct, "selected": c.id in selected}
            for c in question.choices.all()
        ],
        "reviewer_comment": answer.reviewer_comment if answer else "",
    }


def attempt_review_answers(*, attempt: Attempt) -> list[tuple[Question, Answer | None]]:
    """Every question of the attempt's test with the candidate's answer (or None), in test order."""
    answers = {a.question_id: a for a in attempt.answers.prefetch_related("selected_choices")}
    return [(q, answers.get(q.id)) for q in attempt.test.questions.prefetch_related("choices")]
