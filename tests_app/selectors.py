"""Reads of the tests domain: lists and results for the API, the candidate page, exports, review hints."""

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.models import Candidate
from tests_app.models import (
    AWAY_DURATION_EVENT_KINDS,
    FINISHED_ATTEMPT_STATUSES,
    Answer,
    Attempt,
    AttemptStatus,
    ProctorEvent,
    ProctorEventKind,
    Question,
    QuestionKind,
    Test,
)
from tests_app.services import TEST_EXPORT_FORMAT, TEST_EXPORT_VERSION


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
    """Counts of proctoring events per kind and the total time away (tab hidden or focus lost), in one query."""
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
        if row["kind"] in AWAY_DURATION_EVENT_KINDS:
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


def attempt_get_by_token(*, token: str) -> Attempt | None:
    return Attempt.objects.select_related("test").filter(token=token).first() if token else None


def attempt_remaining_seconds(*, attempt: Attempt, now: dt.datetime | None = None) -> int:
    if attempt.is_finished:
        return 0
    if attempt.deadline is None:
        return attempt.test.duration_minutes * 60
    remaining = (attempt.deadline - (now or timezone.now())).total_seconds()
    return max(0, int(remaining))


def attempt_public_status(*, attempt: Attempt) -> str:
    """The status as the candidate may see it: the result (passed/failed) stays with HR."""
    if attempt.status in {
        AttemptStatus.PENDING,
        AttemptStatus.IN_PROGRESS,
        AttemptStatus.TIMEOUT,
        AttemptStatus.ESCAPED,
    }:
        return attempt.status
    return "submitted"


@dataclass(frozen=True)
class PageChoice:
    id: int
    text: str
    selected: bool


@dataclass(frozen=True)
class PageQuestion:
    """A question as the candidate sees it: no correct flags, no points per choice."""

    id: int
    number: int
    kind: str
    text: str
    points: str
    choices: list[PageChoice] = field(default_factory=list)
    answer_text: str = ""


def attempt_page_questions(*, attempt: Attempt) -> list[PageQuestion]:
    """The questions in the attempt's order, with the candidate's own saved answers filled in."""
    questions = {q.id: q for q in attempt.test.questions.prefetch_related("choices")}
    order = [qid for qid in attempt.question_order if qid in questions]
    order += [qid for qid in questions if qid not in order]  # questions added after the start
    answers = {a.question_id: a for a in attempt.answers.prefetch_related("selected_choices")}
    page = []
    for number, qid in enumerate(order, start=1):
        question, answer = questions[qid], answers.get(qid)
        selected = {c.id for c in answer.selected_choices.all()} if answer else set()
        choices = list(question.choices.all())
        if attempt.test.shuffle_choices:
            # Seeded per attempt and question: the order survives a reload.
            random.Random(f"{attempt.pk}:{qid}").shuffle(choices)
        page.append(
            PageQuestion(
                id=qid,
                number=number,
                kind=question.kind,
                text=question.text,
                points=f"{question.points.normalize():f}",
                choices=[PageChoice(c.id, c.text, c.id in selected) for c in choices],
                answer_text=answer.text if answer else "",
            )
        )
    return page


def test_export(*, test: Test) -> dict:
    """A self-contained JSON description of a test; `services.test_import` reads it back."""
    return {
        "format": TEST_EXPORT_FORMAT,
        "version": TEST_EXPORT_VERSION,
        "title": test.title,
        "description": test.description,
        "duration_minutes": test.duration_minutes,
        "pass_threshold": None if test.pass_threshold is None else str(test.pass_threshold),
        "is_active": test.is_active,
        "shuffle_questions": test.shuffle_questions,
        "shuffle_choices": test.shuffle_choices,
        "questions": [
            {
                "kind": q.kind,
                "text": q.text,
                "points": str(q.points),
                "order": q.order,
                "scoring": q.scoring,
                "choices": [
                    {"text": c.text, "is_correct": c.is_correct, "order": c.order} for c in q.choices.all()
                ],
            }
            for q in test.questions.prefetch_related("choices")
        ],
    }


def attempts_needing_review() -> QuerySet[Attempt]:
    return Attempt.objects.filter(status=AttemptStatus.NEEDS_REVIEW).select_related("candidate", "test")


def attempt_review_answers(*, attempt: Attempt) -> list[tuple[Question, Answer | None]]:
    """Every question of the attempt's test with the candidate's answer (or None), in test order."""
    answers = {a.question_id: a for a in attempt.answers.prefetch_related("selected_choices")}
    return [(q, answers.get(q.id)) for q in attempt.test.questions.prefetch_related("choices")]


RISK_NONE, RISK_SOME, RISK_MAJOR = "none", "some", "major"
# Thresholds for the reviewer's hint; never used to reject anybody automatically.
MAJOR_HIDDEN_SECONDS = 60
MAJOR_HIDDEN_COUNT = 5
MAJOR_PASTE_COUNT = 3


@dataclass(frozen=True)
class RiskSummary:
    level: str
    hidden_count: int
    hidden_seconds: int
    focus_lost_count: int
    paste_count: int

    @property
    def reasons(self) -> list[str]:
        return [
            f"left the page {self.hidden_count} time(s), {self.hidden_seconds} s in total",
            f"lost focus {self.focus_lost_count} time(s)",
            f"pasted {self.paste_count} time(s)",
        ]


def proctor_risk(events: list[ProctorEvent]) -> RiskSummary:
    """Summarise proctoring events as none/some/major (a hint for the reviewer)."""
    kinds = [e.kind for e in events]
    hidden_count = kinds.count(ProctorEventKind.TAB_HIDDEN)
    hidden_ms = sum(e.duration_ms or 0 for e in events if e.kind == ProctorEventKind.TAB_SHOWN)
    focus_lost = kinds.count(ProctorEventKind.FOCUS_LOST)
    pastes = kinds.count(ProctorEventKind.PASTE)
    hidden_seconds = hidden_ms // 1000
    if (
        hidden_seconds >= MAJOR_HIDDEN_SECONDS
        or hidden_count >= MAJOR_HIDDEN_COUNT
        or pastes >= MAJOR_PASTE_COUNT
    ):
        level = RISK_MAJOR
    elif hidden_count or focus_lost or pastes:
        level = RISK_SOME
    else:
        level = RISK_NONE
    return RiskSummary(level, hidden_count, hidden_seconds, focus_lost, pastes)


def attempt_open_question_count(*, attempt: Attempt) -> int:
    return attempt.test.questions.filter(kind=QuestionKind.OPEN_TEXT).count()


def attempt_counts() -> dict[str, int]:
    """The test side of the dashboards in one aggregate query: candidates who started or finished
    a test (distinct, straight from the attempts table) and invitations not started yet."""
    return Attempt.objects.aggregate(
        test_started=Count("candidate_id", distinct=True, filter=~Q(status=AttemptStatus.PENDING)),
        test_completed=Count("candidate_id", distinct=True, filter=Q(status__in=FINISHED_ATTEMPT_STATUSES)),
        pending=Count("pk", filter=Q(status=AttemptStatus.PENDING)),
    )


def attempts_export(*, candidate: Candidate) -> list[dict]:
    """A candidate's attempts with their answers and proctoring events, for their data export."""
    answers: dict = {}
    for answer in Answer.objects.filter(attempt__candidate=candidate).select_related("question"):
        answers.setdefault(answer.attempt_id, []).append(
            {"question": answer.question.text, "text": answer.text, "points_awarded": answer.points_awarded}
            | {"reviewer_comment": answer.reviewer_comment}
        )
    events: dict = {}
    for event in ProctorEvent.objects.filter(attempt__candidate=candidate):
        events.setdefault(event.attempt_id, []).append(
            {"kind": event.kind, "occurred_at": event.occurred_at, "duration_ms": event.duration_ms}
        )
    fields = ["id", "status", "expires_at", "started_at", "submitted_at", "score", "max_score"]
    return [
        {name: getattr(a, name) for name in fields}
        | {"percentage": a.percentage, "passed": a.passed, "test": a.test.title}
        | {"answers": answers.get(a.id, []), "proctor_events": events.get(a.id, [])}
        for a in candidate.attempts.select_related("test")
    ]
