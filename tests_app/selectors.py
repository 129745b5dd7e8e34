"""Reads of the tests domain."""

import uuid
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from candidates.models import Candidate
from tests_app.models import Answer, Attempt, ProctorEvent, ProctorEventKind, Question, Test


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


def attempts_latest(*, candidate: Candidate, limit: int = 10) -> list[Attempt]:
    return list(attempts_of_candidate(candidate=candidate).order_by("-created_at", "-id")[:limit])


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


def attempt_questions_in_order(*, attempt: Attempt) -> list[Question]:
    """The questions in the order the candidate saw them (the test's order before the start)."""
    questions = list(attempt.test.questions.all())
    if not attempt.question_order:
        return questions
    position = {question_id: index for index, question_id in enumerate(attempt.question_order)}
    return sorted(questions, key=lambda q: (position.get(q.id, len(position)), q.order, q.id))


def proctoring_summary(*, attempt: Attempt) -> dict:
    """Counts of proctoring events per kind and the total time away (tab hidden), in one query."""
    counts = {kind: 0 for kind in ProctorEventKind.values}
    hidden_ms = 0
    rows = (
        ProctorEvent.objects.filter(attempt=attempt)
        .values("kind")
        .annotate(events=Count("id"), duration=Coalesce(Sum("duration_ms"), 0))
        .order_by()
    )
    for row in rows:
        counts[row["kind"]] = row["events"]
        if row["kind"] in (ProctorEventKind.TAB_HIDDEN, ProctorEventKind.FOCUS_LOST):
            hidden_ms += row["duration"]
    return {"events_total": sum(counts.values()), "by_kind": counts, "time_away_ms": hidden_ms}


def attempt_question_results(*, attempt: Attempt) -> list[dict]:
    """Each question of an attempt (from `attempt_result`) with the answer, points and choices."""
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    results = []
    for question in attempt_questions_in_order(attempt=attempt):
        answer = answers.get(question.id)
        selected = {choice.id for choice in answer.selected_choices.all()} if answer else set()
        results.append(
            {
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
        )
    return results
