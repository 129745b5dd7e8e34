"""The attempt state machine. Every status change of an attempt goes through `_attempt_transition`."""

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from candidates import services as candidate_services
from candidates.models import Candidate
from core.languages import language_or_default
from tests_app import grading, signals
from tests_app.models import (
    FINISHED_ATTEMPT_STATUSES,
    Answer,
    Attempt,
    AttemptStatus,
    Choice,
    ProctorEvent,
    ProctorEventKind,
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
# Sent in the candidate's language (the time is UTC: Telegram does not tell the reader's zone).
INVITATION = _(
    'You are invited to the test "{title}" ({minutes} minutes). Open it before {expires} UTC: {url}'
)
MAX_ANSWER_CHARS = 20_000
# A page records a handful of events a minute; the caps stop a script from flooding the table.
MAX_PROCTOR_EVENTS_PER_CALL = 50
MAX_PROCTOR_EVENTS_PER_ATTEMPT = 2_000


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

            with translation.override(language_or_default(candidate.language)):
                text = INVITATION.format(
                    title=test.title,
                    minutes=test.duration_minutes,
                    expires=f"{attempt.expires_at:%Y-%m-%d %H:%M}",
                    url=attempt.test_url,
                )
            message_send(candidate=candidate, text=text)
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
    if question.test_id != attempt.test_id:
        raise ValidationError({"question": "This question is not part of the test."})
    choice_ids = choice_ids or []
    if question.kind == QuestionKind.OPEN_TEXT and choice_ids:
        raise ValidationError({"choices": "An open question takes text, not choices."})
    if len(text) > MAX_ANSWER_CHARS:
        raise ValidationError({"text": f"An answer can be at most {MAX_ANSWER_CHARS} characters long."})
    valid_ids = set(question.choices.filter(id__in=choice_ids).values_list("id", flat=True))
    if len(valid_ids) != len(set(choice_ids)):
        raise ValidationError({"choices": "Some choices do not belong to this question."})
    if question.kind == QuestionKind.SINGLE_CHOICE and len(valid_ids) > 1:
        raise ValidationError({"choices": "Choose one answer only."})
    with transaction.atomic():
        # The lock orders this save against a concurrent submit or close: no answer lands after either.
        locked = _locked(attempt)
        if locked.status != S.IN_PROGRESS:
            raise InvalidTransition("This attempt is not open for answers.")
        if locked.deadline and now > locked.deadline:
            raise InvalidTransition("The time for this test is over.")
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
    if answer.attempt.status != S.NEEDS_REVIEW:
        raise InvalidTransition("Only answers of attempts that need review can be reviewed.")
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


def attempt_heartbeat(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Record that the page is still open. Only an open attempt before its deadline is kept alive."""
    now = now or timezone.now()
    updated = Attempt.objects.filter(pk=attempt.pk, status=S.IN_PROGRESS, deadline__gte=now).update(
        last_heartbeat_at=now, updated_at=now
    )
    if updated:
        attempt.last_heartbeat_at = now
    return attempt


def proctor_events_record(*, attempt: Attempt, events: list[dict], now: dt.datetime | None = None) -> int:
    """Store proctoring events reported by the page; returns how many were stored.

    Each event is {"kind": ProctorEventKind, "ago_ms": int >= 0, "duration_ms": int | None,
    "details": dict}. The page reports how long ago an event happened rather than a timestamp,
    so a wrong clock on the phone does not scramble the timeline.
    """
    now = now or timezone.now()
    if attempt.status != S.IN_PROGRESS:
        raise InvalidTransition("This attempt is not open.")
    if not isinstance(events, list) or len(events) > MAX_PROCTOR_EVENTS_PER_CALL:
        raise ValidationError({"events": f"Send a list of at most {MAX_PROCTOR_EVENTS_PER_CALL} events."})
    rows = [_proctor_event(attempt, event, now) for event in events]
    if attempt.proctor_events.count() + len(rows) > MAX_PROCTOR_EVENTS_PER_ATTEMPT:
        raise ValidationError({"events": "Too many events for this attempt."})
    ProctorEvent.objects.bulk_create(rows)
    return len(rows)


def _proctor_event(attempt: Attempt, event: object, now: dt.datetime) -> ProctorEvent:
    if not isinstance(event, dict) or event.get("kind") not in ProctorEventKind.values:
        raise ValidationError({"events": f"Each event needs a kind out of {ProctorEventKind.values}."})
    ago_ms, duration_ms = event.get("ago_ms", 0), event.get("duration_ms")
    if not isinstance(ago_ms, int) or isinstance(ago_ms, bool) or not 0 <= ago_ms <= 86_400_000:
        raise ValidationError({"events": "ago_ms must be a whole number of milliseconds (0 to a day)."})
    if duration_ms is not None and (
        not isinstance(duration_ms, int)
        or isinstance(duration_ms, bool)
        or not 0 <= duration_ms <= 86_400_000
    ):
        raise ValidationError({"events": "duration_ms must be a whole number of milliseconds (0 to a day)."})
    details = event.get("details") or {}
    if not isinstance(details, dict) or len(str(details)) > 1_000:
        raise ValidationError({"events": "details must be a small object."})
    occurred_at = max(now - dt.timedelta(milliseconds=ago_ms), attempt.started_at or now)
    return ProctorEvent(
        attempt=attempt, kind=event["kind"], occurred_at=occurred_at, duration_ms=duration_ms, details=details
    )


TEST_EXPORT_FORMAT = "recruitment-test"
TEST_EXPORT_VERSION = 1


def test_import(*, data: object) -> Test:
    """Create a test (with its questions and choices) from the JSON of `selectors.test_export`."""
    if not isinstance(data, dict) or data.get("format") != TEST_EXPORT_FORMAT:
        raise ValidationError(f'Not a test export: expected an object with "format": "{TEST_EXPORT_FORMAT}".')
    if data.get("version") != TEST_EXPORT_VERSION:
        raise ValidationError(
            f"Unsupported export version {data.get('version')!r}; expected {TEST_EXPORT_VERSION}."
        )
    questions = data.get("questions")
    if not isinstance(questions, list):
        raise ValidationError({"questions": "Must be a list."})
    with transaction.atomic():
        test = Test(
            **_pick(
                data,
                [
                    "title",
                    "description",
                    "duration_minutes",
                    "pass_threshold",
                    "is_active",
                    "shuffle_questions",
                    "shuffle_choices",
                ],
            )
        )
        _full_clean(test, "test")
        test.save()
        for q_number, q_data in enumerate(questions, start=1):
            if not isinstance(q_data, dict):
                raise ValidationError(f"Question {q_number}: must be an object.")
            question = Question(test=test, **_pick(q_data, ["kind", "text", "points", "order", "scoring"]))
            _full_clean(question, f"Question {q_number}", exclude=["test"])
            question.save()
            choices = q_data.get("choices", [])
            if not isinstance(choices, list):
                raise ValidationError(f"Question {q_number}: choices must be a list.")
            for c_number, c_data in enumerate(choices, start=1):
                if not isinstance(c_data, dict):
                    raise ValidationError(f"Question {q_number}, choice {c_number}: must be an object.")
                choice = Choice(question=question, **_pick(c_data, ["text", "is_correct", "order"]))
                _full_clean(choice, f"Question {q_number}, choice {c_number}", exclude=["question"])
                choice.save()
            try:
                question_choices_validate(
                    kind=question.kind,
                    choice_count=len(choices),
                    correct_count=question.choices.filter(is_correct=True).count(),
                )
            except ValidationError as error:
                raise ValidationError(f"Question {q_number}: {' '.join(error.messages)}")
    return test


def question_choices_validate(*, kind: str, choice_count: int, correct_count: int) -> None:
    """A choice question with choices needs a right answer; a single-choice question exactly one."""
    if kind == QuestionKind.OPEN_TEXT:
        if choice_count:
            raise ValidationError("An open question has no choices.")
        return
    if choice_count and not correct_count:
        raise ValidationError("Mark at least one choice as correct.")
    if kind == QuestionKind.SINGLE_CHOICE and correct_count > 1:
        raise ValidationError("A single-choice question has exactly one correct choice.")


def _pick(data: dict, names: list[str]) -> dict:
    return {name: data[name] for name in names if name in data}


def _full_clean(instance: object, where: str, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)  # type: ignore[attr-defined]
    except ValidationError as error:
        details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
        raise ValidationError(f"{where}: {details}")


def answers_anonymize(*, candidate: Candidate, text: str) -> int:
    """Replace the texts of a candidate's written answers (erasure on request); returns how many."""
    return Answer.objects.filter(attempt__candidate=candidate).exclude(text="").update(text=text)
