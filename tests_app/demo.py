"""Demo tests (multiple choice and open questions) and attempts in every status for `seed_demo`."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from candidates.demo import BULK_TELEGRAM_BASE, demo_candidates
from candidates.models import Candidate
from core.bulk import bulk_insert
from tests_app.models import (
    TEXT_QUESTION_KINDS,
    Answer,
    Attempt,
    AttemptStatus,
    Choice,
    Question,
    QuestionKind,
    Test,
)

CANDIDATES_WITH_AN_ATTEMPT = 24
TESTS = {
    "Python fundamentals": {
        "description": "Core Python and Django knowledge.",
        "duration": 20,
        "threshold": Decimal("60"),
        "questions": [
            (
                QuestionKind.SINGLE_CHOICE,
                "What does `len([1, 2, 3])` return?",
                1,
                [("3", True), ("2", False), ("An error", False)],
            ),
            (
                QuestionKind.MULTIPLE_CHOICE,
                "Which of these are immutable?",
                2,
                [("tuple", True), ("str", True), ("list", False), ("dict", False)],
            ),
            (QuestionKind.OPEN_TEXT, "Explain what a Django migration is.", 3, []),
            (
                QuestionKind.CODE,
                "Write `double(x)` so that this holds:\n\n```python\nassert double(21) == 42\n```",
                2,
                [],
            ),
        ],
    },
    "SQL basics": {
        "description": "Queries, joins and indexes.",
        "duration": 15,
        "threshold": Decimal("50"),
        "questions": [
            (
                QuestionKind.SINGLE_CHOICE,
                "Which clause filters groups?",
                1,
                [("HAVING", True), ("WHERE", False), ("ORDER BY", False)],
            ),
            (
                QuestionKind.MULTIPLE_CHOICE,
                "Which joins keep unmatched rows?",
                2,
                [("LEFT JOIN", True), ("FULL JOIN", True), ("INNER JOIN", False)],
            ),
        ],
    },
    "Engineering culture (no pass mark)": {
        "description": "Open questions about how you work.",
        "duration": 30,
        "threshold": None,
        "questions": [
            (QuestionKind.OPEN_TEXT, "Describe a production incident you helped resolve.", 5, []),
            (
                QuestionKind.SINGLE_CHOICE,
                "Code review should mostly be about…",
                1,
                [("Correctness and clarity", True), ("Style nits", False)],
            ),
        ],
    },
}


def seed_demo() -> str:
    tests = _tests()
    statuses = list(AttemptStatus.values)
    now = timezone.now()
    created = 0
    for i, candidate in enumerate(demo_candidates()[:CANDIDATES_WITH_AN_ATTEMPT]):
        if candidate.attempts.exists():
            continue
        _attempt(candidate, tests[i % len(tests)], statuses[i % len(statuses)], now, random.Random(i))
        created += 1
    return f"{len(tests)} tests, {created} new demo attempts"


def demo_links() -> list[tuple[str, str]]:
    attempt = Attempt.objects.filter(status=AttemptStatus.PENDING).order_by("expires_at").last()
    return [("Demo test", attempt.test_url if attempt else "(run seed_demo for a demo test link)")]


def _tests() -> list[Test]:
    result = []
    for title, spec in TESTS.items():
        test, created = Test.objects.get_or_create(
            title=title,
            defaults={
                "description": spec["description"],
                "duration_minutes": spec["duration"],
                "pass_threshold": spec["threshold"],
            },
        )
        if created:
            for order, (kind, text, points, choices) in enumerate(spec["questions"]):
                question = Question.objects.create(
                    test=test, kind=kind, text=text, points=points, order=order
                )
                Choice.objects.bulk_create(
                    Choice(question=question, text=c, is_correct=ok, order=i)
                    for i, (c, ok) in enumerate(_shuffled(choices, seed=f"{title}/{text}"))
                )
        result.append(test)
    return result


def _shuffled(choices: list[tuple[str, bool]], *, seed: str) -> list[tuple[str, bool]]:
    """The choices in a stable random order (seeded: the demo is the same on every run), so the
    correct choice is not always first as it is written in TESTS."""
    shuffled = list(choices)
    random.Random(seed).shuffle(shuffled)
    return shuffled


def _attempt(candidate: Candidate, test: Test, status: str, now: dt.datetime, rng: random.Random) -> None:
    started = status != AttemptStatus.PENDING
    started_at = now - dt.timedelta(minutes=40)
    attempt = Attempt.objects.create(
        candidate=candidate,
        test=test,
        status=status,
        expires_at=now + dt.timedelta(days=30),
        started_at=started_at if started else None,
        deadline=started_at + dt.timedelta(minutes=test.duration_minutes) if started else None,
        last_heartbeat_at=now - dt.timedelta(minutes=20) if started else None,
    )
    if status == AttemptStatus.IN_PROGRESS:
        Attempt.objects.filter(pk=attempt.pk).update(
            deadline=now + dt.timedelta(minutes=test.duration_minutes), last_heartbeat_at=now
        )
    if status in {AttemptStatus.PENDING, AttemptStatus.IN_PROGRESS}:
        return
    score, max_score = _answers(attempt, status, rng)
    percentage = (score * 100 / max_score).quantize(Decimal("0.01")) if max_score else Decimal(0)
    unsubmitted = status in {AttemptStatus.TIMEOUT, AttemptStatus.ESCAPED}
    Attempt.objects.filter(pk=attempt.pk).update(
        score=score,
        max_score=max_score,
        percentage=percentage,
        passed={AttemptStatus.PASSED: True, AttemptStatus.FAILED: False}.get(status),
        submitted_at=None if unsubmitted else now - dt.timedelta(minutes=10),
    )


def _answers(attempt: Attempt, status: str, rng: random.Random) -> tuple[Decimal, Decimal]:
    score = max_score = Decimal(0)
    for question in attempt.test.questions.prefetch_related("choices"):
        max_score += question.points
        answer = Answer.objects.create(attempt=attempt, question=question)
        if question.kind in TEXT_QUESTION_KINDS:
            answer.text = "A migration is a versioned change to the database schema."
            answer.points_awarded = None if status == AttemptStatus.NEEDS_REVIEW else question.points
        else:
            choice = rng.choice(list(question.choices.all()))
            answer.selected_choices.set([choice])
            single_right = choice.is_correct and question.kind == QuestionKind.SINGLE_CHOICE
            answer.points_awarded = question.points if single_right else Decimal(0)
        answer.save()
        score += answer.points_awarded or 0
    return score, max_score


# Attempts of bulk candidates follow their stage: an invitation waits for those assigned a test,
# a finished attempt backs those past it, and a failed one a third of the rejected.
BULK_ATTEMPTS = {
    "test_assigned": [AttemptStatus.PENDING, AttemptStatus.IN_PROGRESS],
    "test_completed": [AttemptStatus.PASSED, AttemptStatus.FAILED, AttemptStatus.COMPLETED],
    "interview": [AttemptStatus.PASSED],
    "accepted": [AttemptStatus.PASSED],
    "rejected": [AttemptStatus.FAILED, None, None],
}


def seed_bulk(count: int) -> str:
    """Attempts for the `count` newest bulk candidates (after candidates' seed_bulk), in bulk."""
    tests = [test.id for test in _tests()]
    newest = (
        Candidate.objects.filter(telegram_id__gte=BULK_TELEGRAM_BASE, status__in=list(BULK_ATTEMPTS))
        .order_by("-telegram_id")
        .values_list("id", "status", "created_at")
    )
    rng = random.Random(count)
    attempts = (
        _bulk_attempt(candidate_id, status, created_at, tests[n % len(tests)])
        for n, (candidate_id, stage, created_at) in enumerate(newest[:count].iterator(chunk_size=5000))
        if (status := rng.choice(BULK_ATTEMPTS[stage])) is not None
    )
    return f"{bulk_insert(Attempt, attempts)} attempts added in bulk"


def _bulk_attempt(candidate_id, status: str, created_at: dt.datetime, test_id) -> Attempt:
    started = status != AttemptStatus.PENDING
    finished = started and status != AttemptStatus.IN_PROGRESS
    score = Decimal(7 if status == AttemptStatus.PASSED else 3) if finished else None
    return Attempt(
        candidate_id=candidate_id,
        test_id=test_id,
        status=status,
        expires_at=created_at + dt.timedelta(days=2),
        started_at=created_at + dt.timedelta(hours=1) if started else None,
        deadline=created_at + dt.timedelta(hours=2) if started else None,
        submitted_at=created_at + dt.timedelta(hours=1, minutes=40) if finished else None,
        score=score,
        max_score=Decimal(10) if finished else None,
        percentage=score * 10 if finished else None,
        passed=None if not finished or status == AttemptStatus.COMPLETED else status == AttemptStatus.PASSED,
        created_at=created_at,
        updated_at=created_at,
    )
