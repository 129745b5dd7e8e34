"""The attempt state machine: every allowed and every refused transition, through the services."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import CandidateStatus
from messaging.models import Message
from tests.factories import AttemptFactory, CandidateFactory, ChoiceFactory, QuestionFactory, TestFactory
from tests_app import services, signals
from tests_app.models import Answer, Attempt, AttemptStatus, QuestionKind

S = AttemptStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def status_changes():
    """Every attempt_status_changed sent during the test, as (old, new) pairs."""
    seen: list[tuple[str, str]] = []

    def receiver(sender, attempt, old_status, new_status, **kwargs):
        seen.append((old_status, new_status))

    signals.attempt_status_changed.connect(receiver, dispatch_uid="test-status-changes")
    yield seen
    signals.attempt_status_changed.disconnect(dispatch_uid="test-status-changes")


def _started(test, **kwargs) -> Attempt:
    return services.attempt_start(attempt=AttemptFactory(test=test, **kwargs))


# --- the transition table itself ----------------------------------------------------------------


ALL_PAIRS = list(itertools.product(S.values, S.values))


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_transition_table_allows_exactly_the_designed_moves(from_status, to_status, status_changes):
    attempt = AttemptFactory(status=from_status, started_at=timezone.now())
    allowed = {
        (S.PENDING, S.IN_PROGRESS),
        *(
            (S.IN_PROGRESS, s)
            for s in [S.COMPLETED, S.NEEDS_REVIEW, S.PASSED, S.FAILED, S.TIMEOUT, S.ESCAPED]
        ),
        *((S.NEEDS_REVIEW, s) for s in [S.COMPLETED, S.PASSED, S.FAILED]),
    }
    if (from_status, to_status) in allowed:
        services._attempt_transition(attempt=attempt, to_status=to_status, fields={})
        attempt.refresh_from_db()
        assert attempt.status == to_status
        assert status_changes == [(from_status, to_status)]
    else:
        with pytest.raises(services.InvalidTransition):
            services._attempt_transition(attempt=attempt, to_status=to_status, fields={})
        attempt.refresh_from_db()
        assert attempt.status == from_status
        assert status_changes == []


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


def test_start_refuses_an_expired_invitation(sample_test):
    attempt = AttemptFactory(test=sample_test.test, expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(services.InvalidTransition):
        services.attempt_start(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == S.PENDING


def test_start_refuses_an_attempt_already_started(sample_test):
    attempt = _started(sample_test.test)
    with pytest.raises(services.InvalidTransition):
        services.attempt_start(attempt=attempt)


@pytest.mark.parametrize("status", sorted(services.FINISHED_ATTEMPT_STATUSES))
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


# --- answers ---------------------------------------------------------------------------------


def test_answer_save_stores_and_replaces_the_answer(sample_test):
    attempt = _started(sample_test.test)
    services.answer_save(
        attempt=attempt, question=sample_test.single, choice_ids=[sample_test.single_wrong.id]
    )
    services.answer_save(
        attempt=attempt, question=sample_test.single, choice_ids=[sample_test.single_right.id]
    )
    answer = Answer.objects.get(attempt=attempt, question=sample_test.single)
    assert list(answer.selected_choices.values_list("id", flat=True)) == [sample_test.single_right.id]
    services.answer_save(attempt=attempt, question=sample_test.open, text="It is a lock.")
    assert Answer.objects.get(attempt=attempt, question=sample_test.open).text == "It is a lock."


def test_answer_save_refuses_a_pending_attempt(sample_test):
    with pytest.raises(services.InvalidTransition):
        services.answer_save(
            attempt=AttemptFactory(test=sample_test.test), question=sample_test.open, text="early"
        )


def test_answer_save_refuses_after_the_deadline(sample_test):
    attempt = _started(sample_test.test)
    with pytest.raises(services.InvalidTransition):
        services.answer_save(
            attempt=attempt,
            question=sample_test.open,
            text="late",
            now=attempt.deadline + dt.timedelta(seconds=1),
        )
    assert not Answer.objects.exists()


def test_answer_save_refuses_after_submit_even_with_a_stale_attempt_object(sample_test):
    attempt = _started(sample_test.test)
    services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))
    assert attempt.status == S.IN_PROGRESS  # the caller's copy is stale: the service must re-read
    with pytest.raises(services.InvalidTransition):
        services.answer_save(attempt=attempt, question=sample_test.open, text="after submit")
    assert not Answer.objects.filter(question=sample_test.open).exists()


def test_answer_save_refuses_a_question_of_another_test(sample_test):
    attempt = _started(sample_test.test)
    with pytest.raises(ValidationError):
        services.answer_save(attempt=attempt, question=QuestionFactory(kind=QuestionKind.OPEN_TEXT), text="x")


def test_answer_save_refuses_choices_of_another_question(sample_test):
    attempt = _started(sample_test.test)
    with pytest.raises(ValidationError):
        services.answer_save(
            attempt=attempt, question=sample_test.single, choice_ids=[sample_test.multi_wrong.id]
        )


def test_answer_save_refuses_two_choices_on_a_single_choice_question(sample_test):
    attempt = _started(sample_test.test)
    with pytest.raises(ValidationError):
        services.answer_save(
            attempt=attempt,
            question=sample_test.single,
            choice_ids=[sample_test.single_right.id, sample_test.single_wrong.id],
        )


def test_answer_save_refuses_choices_on_an_open_question(sample_test):
    attempt = _started(sample_test.test)
    with pytest.raises(ValidationError):
        services.answer_save(
            attempt=attempt, question=sample_test.open, choice_ids=[sample_test.single_right.id]
        )


def test_answer_save_refuses_an_overlong_text(sample_test):
    attempt = _started(sample_test.test)
    with pytest.raises(ValidationError):
        services.answer_save(
            attempt=attempt, question=sample_test.open, text="x" * (services.MAX_ANSWER_CHARS + 1)
        )


# --- submit ----------------------------------------------------------------------------------


def _answer_all_right(attempt, sample_test, open_text="A lock around the interpreter."):
    services.answer_save(
        attempt=attempt, question=sample_test.single, choice_ids=[sample_test.single_right.id]
    )
    services.answer_save(
        attempt=attempt, question=sample_test.multi, choice_ids=[c.id for c in sample_test.multi_right]
    )
    services.answer_save(attempt=attempt, question=sample_test.open, text=open_text)


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


def test_submit_after_the_deadline_is_a_timeout(sample_test):
    attempt = _started(sample_test.test)
    services.answer_save(
        attempt=attempt, question=sample_test.single, choice_ids=[sample_test.single_right.id]
    )
    attempt = services.attempt_submit(attempt=attempt, now=attempt.deadline + dt.timedelta(seconds=1))
    assert attempt.status == S.TIMEOUT
    assert attempt.score == Decimal("2")


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
        attempt=AttemptFactory(test=sample_test.test), now=now - dt.timedelta(minutes=31)
    )
    silent = services.attempt_start(
        attempt=AttemptFactory(test=sample_test.test), now=now - dt.timedelta(minutes=5)
    )
    alive = services.attempt_start(
        attempt=AttemptFactory(test=sample_test.test), now=now - dt.timedelta(minutes=5)
    )
    services.attempt_heartbeat(attempt=alive, now=now - dt.timedelta(seconds=30))
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


def test_heartbeat_keeps_only_an_open_attempt_alive(sample_test):
    attempt = _started(sample_test.test)
    later = timezone.now() + dt.timedelta(minutes=1)
    services.attempt_heartbeat(attempt=attempt, now=later)
    attempt.refresh_from_db()
    assert attempt.last_heartbeat_at == later
    after_deadline = attempt.deadline + dt.timedelta(seconds=1)
    services.attempt_heartbeat(attempt=attempt, now=after_deadline)
    attempt.refresh_from_db()
    assert attempt.last_heartbeat_at == later


# --- review ----------------------------------------------------------------------------------


def _needs_review(sample_test) -> Attempt:
    attempt = _started(sample_test.test)
    _answer_all_right(attempt, sample_test)
    return services.attempt_submit(attempt=attempt)


@pytest.mark.parametrize(("points", "status"), [(Decimal("4"), S.PASSED), (Decimal("0"), S.PASSED)])
def test_finish_review_regrades_and_decides(points, status, sample_test, status_changes):
    attempt = _needs_review(sample_test)
    answer = Answer.objects.get(attempt=attempt, question=sample_test.open)
    services.answer_review(answer=answer, points=points, comment="ok")
    attempt = services.attempt_finish_review(attempt=attempt)
    assert attempt.status == status
    assert attempt.score == Decimal("4") + points
    assert status_changes[-1] == (S.NEEDS_REVIEW, status)


def test_finish_review_fails_below_the_threshold(sample_test):
    sample_test.test.pass_threshold = Decimal("90")
    sample_test.test.save()
    attempt = _needs_review(sample_test)
    services.answer_review(
        answer=Answer.objects.get(attempt=attempt, question=sample_test.open), points=Decimal(1)
    )
    attempt = services.attempt_finish_review(attempt=attempt)
    assert (attempt.status, attempt.percentage, attempt.passed) == (S.FAILED, Decimal("62.50"), False)


def test_finish_review_completes_without_a_threshold(sample_test):
    sample_test.test.pass_threshold = None
    sample_test.test.save()
    attempt = _needs_review(sample_test)
    services.answer_review(
        answer=Answer.objects.get(attempt=attempt, question=sample_test.open), points=Decimal(2)
    )
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
    attempt = _needs_review(sample_test)
    answer = Answer.objects.get(attempt=attempt, question=sample_test.open)
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
    answer = Answer.objects.get(attempt=attempt, question=sample_test.open)
    services.answer_review(answer=answer, points=Decimal(1))
    services.attempt_finish_review(attempt=attempt)
    with pytest.raises(services.InvalidTransition):
        services.answer_review(answer=Answer.objects.get(pk=answer.pk), points=Decimal(4))


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


def test_a_choice_question_without_a_correct_option_scores_zero():
    question = QuestionFactory()
    choice = ChoiceFactory(question=question)
    attempt = _started(question.test)
    services.answer_save(attempt=attempt, question=question, choice_ids=[choice.id])
    assert services.attempt_submit(attempt=attempt).score == Decimal(0)
