"""The attempt state machine. Every status change of an attempt goes through `_attempt_transition`."""

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates import services as candidate_services
from candidates.models import Candidate
from tests_app import grading, signals
from tests_app.models import (
    FINISHED_ATTEMPT_STATUSES,
    Answer,
    Attempt,
    AttemptStatus,
    Question,
    QuestionKind,
    Test,
)

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
MAX_INVITATION_HOURS = 720


class InvalidTransition(ValidationError):
    pass


def _attempt_transition(*, attempt: Attempt, to_status: str, fields: dict) -> None:
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


def _locked(attempt: Attempt) -> Attempt:
    return Attempt.objects.select_for_update().select_related("test", "candidate").get(pk=attempt.pk)


def attempt_invite(
    *, candidate: Candidate, test: Test, expires_in_hours: int = 48, notify: bool = True
) -> Attempt:
    """Create the pending attempt (the invitation) and move the candidate to `test_assigned`."""
    if not test.is_active:
        raise ValidationError({"test_id": "This test is not active and cannot be assigned."})
    if not 1 <= expires_in_hours <= MAX_INVITATION_HOURS:
        raise ValidationError({"expires_in_hours": f"Must be between 1 and {MAX_INVITATION_HOURS} hours."})
    with transaction.atomic():
        attempt = Attempt.objects.create(
            candidate=candidate, test=test, expires_at=timezone.now() + dt.timedelta(hours=expires_in_hours)
        )
        candidate_services.candidate_mark_test_assigned(candidate=candidate)
        if notify and candidate.telegram_id is not None:
            from messaging.services import message_send

            message_send(
                candidate=candidate,
                text=(
                    f'You are invited to the test "{test.title}" ({test.duration_minutes} minutes). '
                    f"Open it before {attempt.expires_at:%Y-%m-%d %H:%M} UTC: {attempt.test_url}"
                ),
            )
    return attempt


def attempt_start(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.status == S.PENDING and attempt.expires_at <= now:
            raise InvalidTransition("This invitation has expired.")
        question_ids = list(attempt.test.questions.values_list("id", flat=True))
        if attempt.test.shuffle_questions:
            random.shuffle(question_ids)
        _attempt_transition(
            attempt=attempt,
            to_status=S.IN_PROGRESS,
            fields={
                "started_at": now,
                "deadline": now + dt.timedelta(minutes=attempt.test.duration_minutes),
                "last_heartbeat_at": now,
                "question_order": question_ids,
            },
        )
    return attempt


def answer_save(
    *,
    attempt: Attempt,
    question: Question,
    choice_ids: list[int] | None = None,
    text: str = "",
    now: dt.datetime | None = None,
) -> Answer:
    """Save (or replace) the answer to one question while the attempt is open."""
    now = now or timezone.now()
    if attempt.status != S.IN_PROGRESS:
        raise InvalidTransition("This attempt is not open for answers.")
    if attempt.deadline and now > attempt.deadline:
        raise InvalidTransition("The time for this test is over.")
    if question.test_id != attempt.test_id:
        raise ValidationError({"question": "This question is not part of the test."})
    choice_ids = choice_ids or []
    valid_ids = set(question.choices.filter(id__in=choice_ids).values_list("id", flat=True))
    if len(valid_ids) != len(set(choice_ids)):
        raise ValidationError({"choices": "Some choices do not belong to this question."})
    if question.kind == QuestionKind.SINGLE_CHOICE and len(valid_ids) > 1:
        raise ValidationError({"choices": "Choose one answer only."})
    with transaction.atomic():
        answer, _ = Answer.objects.update_or_create(
            attempt=attempt,
            question=question,
            defaults={"text": text if question.kind == QuestionKind.OPEN_TEXT else ""},
        )
        answer.selected_choices.set(valid_ids)
    return answer


def _grade(attempt: Attempt) -> grading.AttemptScore:
    """Auto-grade choice answers (and empty open answers), store scores, return the totals."""
    questions = list(attempt.test.questions.prefetch_related("choices"))
    answers = {a.question_id: a for a in attempt.answers.prefetch_related("selected_choices")}
    points: list[tuple[Decimal, Decimal | None]] = []
    for question in questions:
        answer = answers.get(question.id)
        if question.kind == QuestionKind.OPEN_TEXT:
            if answer is None or not answer.text.strip():
                awarded: Decimal | None = Decimal(0)
                if answer is not None and answer.points_awarded is None:
                    answer.points_awarded = Decimal(0)
                    answer.save(update_fields=["points_awarded", "updated_at"])
            else:
                awarded = answer.points_awarded
        else:
            correct = {c.id for c in question.choices.all() if c.is_correct}
            selected = {c.id for c in answer.selected_choices.all()} if answer else set()
            awarded = grading.choice_points(question, correct, selected)
            if answer is not None and answer.points_awarded != awarded:
                answer.points_awarded = awarded
                answer.save(update_fields=["points_awarded", "updated_at"])
        points.append((question.points, awarded))
    return grading.attempt_score(points)


def _result_fields(attempt: Attempt, totals: grading.AttemptScore) -> tuple[str, dict]:
    fields = {"score": totals.score, "max_score": totals.max_score, "percentage": totals.percentage}
    if totals.unreviewed_open_answers:
        return S.NEEDS_REVIEW, {**fields, "passed": None}
    threshold = attempt.test.pass_threshold
    if threshold is None:
        return S.COMPLETED, {**fields, "passed": None}
    passed = totals.percentage >= threshold
    return (S.PASSED if passed else S.FAILED), {**fields, "passed": passed}


def attempt_submit(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Submit and grade. A second submit changes nothing; a submit after the deadline is a timeout."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.status != S.IN_PROGRESS:
            if attempt.is_finished:
                return attempt
            raise InvalidTransition("This attempt has not been started.")
        if attempt.deadline and now > attempt.deadline:
            return attempt_close_timeout(attempt=attempt, now=now)
        status, fields = _result_fields(attempt, _grade(attempt))
        _attempt_transition(attempt=attempt, to_status=status, fields={**fields, "submitted_at": now})
    return attempt


def _close_unsubmitted(*, attempt: Attempt, to_status: str, now: dt.datetime) -> Attempt:
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.status != S.IN_PROGRESS:
            return attempt
        totals = _grade(attempt)
        _attempt_transition(
            attempt=attempt,
            to_status=to_status,
            fields={"score": totals.score, "max_score": totals.max_score, "percentage": totals.percentage},
        )
    return attempt


def attempt_close_timeout(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Close an attempt whose deadline passed; what was saved is graded."""
    return _close_unsubmitted(attempt=attempt, to_status=S.TIMEOUT, now=now or timezone.now())


def attempt_mark_escaped(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Close an attempt whose page stopped sending heartbeats; what was saved is graded."""
    return _close_unsubmitted(attempt=attempt, to_status=S.ESCAPED, now=now or timezone.now())


def answer_review(
    *, answer: Answer, points: Decimal, comment: str = "", reviewer: AbstractBaseUser | None = None
) -> Answer:
    if answer.question.kind != QuestionKind.OPEN_TEXT:
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
    with transaction.atomic():
        attempt = _locked(attempt)
        if attempt.status != S.NEEDS_REVIEW:
            raise InvalidTransition("Only attempts that need review can be finished.")
        totals = _grade(attempt)
        if totals.unreviewed_open_answers:
            raise ValidationError(f"{totals.unreviewed_open_answers} open answer(s) still need points.")
        status, fields = _result_fields(attempt, totals)
        _attempt_transition(attempt=attempt, to_status=status, fields=fields)
    return attempt


def attempts_close_overdue(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Close attempts past their deadline (timeout) or without a recent heartbeat (escaped)."""
    now = now or timezone.now()
    escape_before = now - dt.timedelta(seconds=settings.TEST_ESCAPE_AFTER_SECONDS)
    closed = {S.TIMEOUT: 0, S.ESCAPED: 0}
    in_progress = Attempt.objects.filter(status=S.IN_PROGRESS)
    for attempt in in_progress.filter(deadline__lt=now).only("pk"):
        closed[S.TIMEOUT] += attempt_close_timeout(attempt=attempt, now=now).status == S.TIMEOUT
    for attempt in in_progress.filter(last_heartbeat_at__lt=escape_before).only("pk"):
        closed[S.ESCAPED] += attempt_mark_escaped(attempt=attempt, now=now).status == S.ESCAPED
    return {str(k): v for k, v in closed.items()}
