"""The life of an attempt (services.attempts): invitation, start, heartbeat, submit, timeout and escape."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import CandidateStatus
from messaging.models import Message
from tests.factories import AttemptFactory, CandidateFactory, QuestionFactory, TestFactory
from tests_app import services
from tests_app.models import FINISHED_ATTEMPT_STATUSES, Answer, Attempt, AttemptStatus

S = AttemptStatus
pytestmark = pytest.mark.django_db


def _started(test, **kwargs) -> Attempt:
    return services.attempt_start(attempt=AttemptFactory(test=test, **kwargs))


def _answer_all_right(attempt, sample_test, open_text="A lock around the interpreter."):
    services.answer_save(
        attempt=attempt, question=sample_test.single, choice_ids=[sample_test.single_right.id]
    )
    services.answer_save(
        attempt=attempt, question=sample_test.multi, choice_ids=[c.id for c in sample_test.multi_right]
    )
    services.answer_save(attempt=attempt, question=sample_test.open, text=open_text)


# --- invite ----------------------------------------------------------------------------------


def test_invite_creates_a_pending_attempt_with_a_long_token_and_moves_the_candidate(sample_test):
    candidate = CandidateFactory(status=CandidateStatus.NEW)
    attempt = services.attempt_invite(candidate=candidate, test=sample_test.test, expires_in_hours=24)
    assert attempt.status == S.PENDING
    assert len(attempt.token) >= 43  # 32 random bytes in url-safe base64: 256 bits
    assert attempt.expires_at == pytest.approx(
        timezone.now() + dt.timedelta(hours=24), abs=dt.timedelta(seconds=5)
    )
    assert attempt.test_url.endswith(f"/t/{attempt.token}/")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.TEST_ASSIGNED


def test_invite_sends_the_link_through_telegram_when_the_candidate_has_an_account(sample_test):
    candidate = CandidateFactory(telegram_id=555)
    attempt = services.attempt_invite(candidate=candidate, test=sample_test.test)
    message = Message.objects.get(candidate=candidate)
    assert attempt.test_url in message.text


def test_invite_sends_nothing_without_a_telegram_account(sample_test):
    candidate = CandidateFactory(telegram_id=None)
    services.attempt_invite(candidate=candidate, test=sample_test.test)
    assert not Message.objects.exists()


def test_invite_refuses_an_inactive_test():
    with pytest.raises(ValidationError):
        services.attempt_invite(candidate=CandidateFactory(), test=TestFactory(is_active=False))
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("hours", [0, services.MAX_INVITATION_HOURS + 1])
def test_invite_refuses_an_out_of_range_validity(hours, sample_test):
    with pytest.raises(ValidationError):
        services.attempt_invite(candidate=CandidateFactory(), test=sample_test.test, expires_in_hours=hours)


# --- start -----------------------------------------------------------------------------------


def test_start_opens_the_attempt_with_a_server_deadline(sample_test, status_changes):
    now = timezone.now()
    attempt = services.attempt_start(attempt=AttemptFactory(test=sample_test.test), now=now)
    assert attempt.status == S.IN_PROGRESS
    assert attempt.started_at == now
    assert attempt.deadline == now + dt.timedelta(minutes=30)
    assert attempt.last_heartbeat_at == now
    assert sorted(attempt.question_order) == sorted(sample_test.test.questions.values_list("id", flat=True))
    assert status_changes == [(S.PENDING, S.IN_PROGRESS)]


def test_start_refuses_an_expired_invitation_as_closed(sample_test):
    attempt = AttemptFactory(test=sample_test.test, expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(services.AttemptClosed):
        services.attempt_start(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == S.PENDING


def test_start_refuses_an_attempt_already_started(sample_test):
    attempt = _started(sample_test.test)
    with pytest.raises(services.InvalidTransition):
        services.attempt_start(attempt=attempt)


@pytest.mark.parametrize("status", sorted(FINISHED_ATTEMPT_STATUSES))
def test_start_refuses_a_finished_attempt(status, sample_test):
    attempt = AttemptFactory(test=sample_test.test, status=status, started_at=timezone.now())
    with pytest.raises(services.InvalidTransition):
        services.attempt_start(attempt=attempt)


def test_start_shuffles_questions_when_the_test_asks_for_it():
    test = TestFactory(shuffle_questions=True)
    questions = [QuestionFactory(test=test).id for _ in range(8)]
    orders = {tuple(_started(test).question_order) for _ in range(6)}
    assert all(sorted(order) == sorted(questions) for order in orders)
    assert len(orders) > 1  # 8! orders: six identical draws would be a broken shuffle


def test_start_of_a_deleted_attempt_is_gone(sample_test):
    attempt = AttemptFactory(test=sample_test.test)
    Attempt.objects.filter(pk=attempt.pk).delete()
    with pytest.raises(services.AttemptGone):
        services.attempt_start(attempt=attempt)


# --- heartbeat -------------------------------------------------------------------------------


def test_heartbeat_keeps_only_an_open_attempt_alive(sample_test, settings):
    settings.TEST_ESCAPE_AFTER_SECONDS = 3600  # the heartbeats of this test are far apart
    attempt = _started(sample_test.test)
    later = attempt.deadline - dt.timedelta(seconds=10)
    assert services.attempt_heartbeat(attempt=attempt, now=later).last_heartbeat_at == later
    attempt.refresh_from_db()
    assert attempt.last_heartbeat_at == later
    after_deadline = attempt.deadline + dt.timedelta(seconds=1)
    services.attempt_heartbeat(attempt=attempt, now=after_deadline)
    attempt.refresh_from_db()
    assert attempt.last_heartbeat_at == later


def test_heartbeat_of_a_finished_attempt_is_closed_and_of_a_pending_one_refused(sample_test):
    finished = AttemptFactory(test=sample_test.test, status=S.PASSED, started_at=timezone.now())
    with pytest.raises(services.AttemptClosed) as error:
        services.attempt_heartbeat(attempt=finished)
    assert error.value.attempt.status == S.PASSED
    with pytest.raises(services.InvalidTransition) as error:
        services.attempt_heartbeat(attempt=AttemptFactory(test=sample_test.test))
    assert not isinstance(error.value, services.AttemptClosed)


def test_heartbeat_of_a_deleted_attempt_is_gone(sample_test):
    attempt = _started(sample_test.test)
    Attempt.objects.filter(pk=attempt.pk).delete()
    with pytest.raises(services.AttemptGone):
        services.attempt_heartbeat(attempt=attempt)


# --- submit ----------------------------------------------------------------------------------


def test_submit_with_an_open_answer_needs_review(sample_test, status_changes):
    attempt = _started(sample_test.test)
    _answer_all_right(attempt, sample_test)
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.status == S.NEEDS_REVIEW
    assert (attempt.score, attempt.max_score, attempt.percentage) == (
        Decimal("4"),
        Decimal("8"),
        Decimal("50"),
    )
    assert attempt.passed is None
    assert attempt.submitted_at is not None
    assert status_changes[-1] == (S.IN_PROGRESS, S.NEEDS_REVIEW)


def test_submit_with_an_empty_open_answer_grades_it_zero_and_decides(sample_test):
    attempt = _started(sample_test.test)
    _answer_all_right(attempt, sample_test, open_text="   ")
    attempt = services.attempt_submit(attempt=attempt)
    assert attempt.status == S.PASSED  # 4 of 8 = 50% against a 50% threshold
    assert attempt.passed is True
    assert Answer.objects.get(attempt=attempt, question=sample_test.open).points_awarded == 0


def test_submit_below_the_threshold_fails(sample_test):
    attempt = _started(sample_test.test)
    services.answer_save(
        attempt=attempt, question=sample_test.single, choice_ids=[sample_test.single_right.id]
    )
    attempt = services.attempt_submit(attempt=attempt)
    assert (attempt.status, attempt.percentage, attempt.passed) == (S.FAILED, Decimal("25.00"), False)


def test_submit_without_a_threshold_completes(sample_test):
    sample_test.test.pass_threshold = None
    sample_test.test.save()
    attempt = services.attempt_submit(attempt=_started(sample_test.test))
    assert (attempt.status, attempt.passed) == (S.COMPLETED, None)


def test_second_submit_changes_nothing(sample_test, status_changes):
    attempt = _started(sample_test.test)
    first = services.attempt_submit(attempt=attempt)
    before = Attempt.objects.values().get(pk=attempt.pk)
    second = services.attempt_submit(attempt=attempt, now=timezone.now() + dt.timedelta(hours=2))
    assert second.status == first.status
    assert Attempt.objects.values().get(pk=attempt.pk) == before
    assert len(status_changes) == 2  # the start and the first submit


def test_submit_refuses_a_pending_attempt(sample_test):
    with pytest.raises(services.InvalidTransition):
        services.attempt_submit(attempt=AttemptFactory(test=sample_test.test))


def test_submit_after_the_deadline_is_a_timeout(sample_test, settings):
    settings.TEST_ESCAPE_AFTER_SECONDS = 3600  # the page was alive all along
    attempt = _started(sample_test.test)
    services.answer_save(
        attempt=attempt, question=sample_test.single, choice_ids=[sample_test.single_right.id]
    )
    attempt = services.attempt_submit(attempt=attempt, now=attempt.deadline + dt.timedelta(seconds=1))
    assert attempt.status == S.TIMEOUT
    assert attempt.score == Decimal("2")


def test_submit_of_a_deleted_attempt_is_gone(sample_test):
    attempt = _started(sample_test.test)
    Attempt.objects.filter(pk=attempt.pk).delete()
    with pytest.raises(services.AttemptGone):
        services.attempt_submit(attempt=attempt)


# --- timeout and escape ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("close", "status"),
    [(services.attempt_close_timeout, S.TIMEOUT), (services.attempt_mark_escaped, S.ESCAPED)],
)
def test_closing_an_open_attempt_grades_what_was_saved(close, status, sample_test, status_changes):
    attempt = _started(sample_test.test)
    services.answer_save(
        attempt=attempt, question=sample_test.multi, choice_ids=[sample_test.multi_right[0].id]
    )
    attempt = close(attempt=attempt)
    assert attempt.status == status
    assert (attempt.score, attempt.max_score) == (Decimal("1.00"), Decimal("8.00"))
    assert status_changes[-1] == (S.IN_PROGRESS, status)


@pytest.mark.parametrize("close", [services.attempt_close_timeout, services.attempt_mark_escaped])
@pytest.mark.parametrize("status", [S.PENDING, S.PASSED, S.NEEDS_REVIEW, S.TIMEOUT, S.ESCAPED])
def test_closing_leaves_attempts_that_are_not_open_alone(close, status, sample_test, status_changes):
    attempt = AttemptFactory(test=sample_test.test, status=status, started_at=timezone.now())
    assert close(attempt=attempt).status == status
    assert status_changes == []


def test_close_overdue_times_out_late_attempts_and_escapes_silent_ones(settings, sample_test):
    settings.TEST_ESCAPE_AFTER_SECONDS = 60
    now = timezone.now()
    late = services.attempt_start(
        attempt=AttemptFactory(test=sample_test.test), now=now - dt.timedelta(minutes=32)
    )
    Attempt.objects.filter(pk=late.pk).update(last_heartbeat_at=late.deadline - dt.timedelta(seconds=5))
    silent = services.attempt_start(
        attempt=AttemptFactory(test=sample_test.test), now=now - dt.timedelta(minutes=5)
    )
    alive = services.attempt_start(
        attempt=AttemptFactory(test=sample_test.test), now=now - dt.timedelta(minutes=5)
    )
    Attempt.objects.filter(pk=alive.pk).update(last_heartbeat_at=now - dt.timedelta(seconds=30))
    pending = AttemptFactory(test=sample_test.test)

    assert services.attempts_close_overdue(now=now) == {"timeout": 1, "escaped": 1}
    statuses = dict(Attempt.objects.values_list("pk", "status"))
    assert statuses == {
        late.pk: S.TIMEOUT,
        silent.pk: S.ESCAPED,
        alive.pk: S.IN_PROGRESS,
        pending.pk: S.PENDING,
    }
    assert services.attempts_close_overdue(now=now) == {"timeout": 0, "escaped": 0}


def test_close_overdue_skips_an_attempt_deleted_after_the_list_was_read(sample_test, monkeypatch):
    now = timezone.now()
    late = services.attempt_start(
        attempt=AttemptFactory(test=sample_test.test), now=now - dt.timedelta(minutes=31)
    )
    real_close = services.closing._close

    def deleted_first(attempt, to_status, now):
        Attempt.objects.filter(pk=attempt.pk).delete()
        return real_close(attempt, to_status, now)

    monkeypatch.setattr(services.closing, "_close", deleted_first)
    assert services.attempts_close_overdue(now=now) == {"timeout": 0, "escaped": 0}
    assert not Attempt.objects.filter(pk=late.pk).exists()


# --- the candidate's status follows -----------------------------------------------------------


def test_candidate_moves_to_test_completed_only_when_every_attempt_is_finished(sample_test):
    candidate = CandidateFactory(status=CandidateStatus.NEW)
    first = services.attempt_invite(candidate=candidate, test=sample_test.test, notify=False)
    second = services.attempt_invite(candidate=candidate, test=sample_test.test, notify=False)
    services.attempt_submit(attempt=services.attempt_start(attempt=first))
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.TEST_ASSIGNED
    services.attempt_mark_escaped(attempt=services.attempt_start(attempt=second))
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.TEST_COMPLETED
