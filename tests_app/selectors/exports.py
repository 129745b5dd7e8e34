"""Reads that feed the dashboards and a candidate's data export."""

from django.db import connection
from django.db.models import Count, Q, Sum

from candidates.models import Candidate
from tests_app.models import (
    FINISHED_ATTEMPT_STATUSES,
    Answer,
    Attempt,
    AttemptStatus,
    AttemptTally,
    ProctorEvent,
)


def attempt_counts() -> dict[str, int]:
    """The test side of the dashboards: candidates who started or finished a test and invitations
    not started yet. On PostgreSQL from AttemptTally (kept exact by triggers, migration 0006)."""
    if connection.vendor != "postgresql":
        return attempt_counts_counted()
    tallies = dict(AttemptTally.objects.values_list("name").annotate(total=Sum("value")).order_by())
    return {
        "test_started": tallies.get("started", 0),
        "test_completed": tallies.get("finished", 0),
        "pending": tallies.get(f"status:{AttemptStatus.PENDING}", 0),
    }


def attempt_counts_counted() -> dict[str, int]:
    """The same counts straight from the attempts table, in one aggregate query: candidates who
    started or finished a test (distinct) and invitations not started yet."""
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
    fields = [
        "id",
        "status",
        "expires_at",
        "started_at",
        "submitted_at",
        "score",
        "max_score",
        "telegram_user_id",
    ]
    return [
        {name: getattr(a, name) for name in fields}
        | {"percentage": a.percentage, "passed": a.passed, "test": a.test.title}
        | {"answers": answers.get(a.id, []), "proctor_events": events.get(a.id, [])}
        for a in candidate.attempts.select_related("test")
    ]
