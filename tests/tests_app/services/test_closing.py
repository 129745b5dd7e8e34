"""The escape rule: when an attempt in progress is escaped or timed out, applied by every request
of the page and by the sweep, never reopening what it closed."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AttemptFactory
from tests_app import services
from tests_app.models import Attempt, AttemptStatus, ProctorEvent

S = AttemptStatus
pytestmark = pytest.mark.django_db
ESCAPE = 300


@pytest.fixture(autouse=True)
def _default_escape_window(settings):
    settings.TEST_ESCAPE_AFTER_SECONDS = ESCAPE


def _attempt(sample_test, *, silent_for: float, deadline_in: float) -> Attempt:
    """An attempt in progress, the page silent for `silent_for` s, the deadline `deadline_in` s away."""
    now = timezone.now()
    attempt = services.attempt_start(
        attempt=AttemptFactory(test=sample_test.test), now=now - dt.timedelta(minutes=20)
    )
    Attempt.objects.filter(pk=attempt.pk).update(
        last_heartbeat_at=now - dt.timedelta(seconds=silent_for),
        deadline=now + dt.timedelta(seconds=deadline_in),
    )
    return Attempt.objects.get(pk=attempt.pk)


@pytest.mark.parametrize(
    ("silent_for", "deadline_in", "expected"),
    [
        (95, 600, None),  # offline for 95 s: still in progress
        (ESCAPE - 1, 600, None),
        (ESCAPE + 1, 600, S.ESCAPED),  # silent longer than the window, before the deadline
        (ESCAPE + 30, -20, S.ESCAPED),  # the silence passed the window 10 s before the deadline
        (ESCAPE + 30, -40, None),  # passed the window only after the deadline: time to deliver
        (60, -(ESCAPE - 1), None),  # after the deadline, still within the delivery window
        (ESCAPE + 60, -(ESCAPE + 1), S.TIMEOUT),  # after the deadline and the delivery window
    ],
)
def test_the_rule(sample_test, silent_for, deadline_in, expected):
    attempt = _attempt(sample_test, silent_for=silent_for, deadline_in=deadline_in)
    assert services.attempt_due_status(attempt=attempt, now=timezone.now()) == expected


def test_the_rule_leaves_attempts_that_are_not_in_progress_alone(sample_test):
    attempt = _attempt(sample_test, silent_for=ESCAPE * 10, deadline_in=-ESCAPE * 10)
    attempt.status = S.PASSED
    assert services.attempt_due_status(attempt=attempt, now=timezone.now()) is None


@pytest.mark.parametrize("request_name", ["heartbeat", "answer", "events", "submit"])
def test_every_request_for_a_silent_attempt_closes_it_as_escaped_and_is_refused(
    sample_test, request_name, status_changes
):
    attempt = _attempt(sample_test, silent_for=ESCAPE + 5, deadline_in=600)
    services.answer_save(
        attempt=Attempt.objects.get(pk=attempt.pk),
        question=sample_test.single,
        choice_ids=[sample_test.single_right.id],
        now=attempt.last_heartbeat_at,
    )
    Attempt.objects.filter(pk=attempt.pk).update(last_heartbeat_at=attempt.last_heartbeat_at)
    calls = {
        "heartbeat": lambda: services.attempt_heartbeat(attempt=attempt),
        "answer": lambda: services.answer_save(attempt=attempt, question=sample_test.open, text="late"),
        "events": lambda: services.proctor_events_record(
            attempt=attempt, events=[{"kind": "paste", "ago_ms": 0, "duration_ms": None, "details": {}}]
        ),
        "submit": lambda: services.attempt_submit(attempt=attempt),
    }
    with pytest.raises(services.AttemptClosed) as refused:
        calls[request_name]()
    assert refused.value.attempt.status == S.ESCAPED
    attempt.refresh_from_db()
    assert attempt.status == S.ESCAPED
    assert attempt.score == 2  # graded as the sweep grades: the answer saved in time counts
    assert not ProctorEvent.objects.filter(attempt=attempt).exists()
    assert status_changes[-1] == (S.IN_PROGRESS, S.ESCAPED)


def test_a_closed_attempt_is_never_reopened_by_a_late_heartbeat(sample_test):
    attempt = _attempt(sample_test, silent_for=ESCAPE + 5, deadline_in=600)
    assert services.attempts_close_overdue() == {"timeout": 0, "escaped": 1}
    with pytest.raises(services.AttemptClosed):
        services.attempt_heartbeat(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == S.ESCAPED
    assert timezone.now() - attempt.last_heartbeat_at > dt.timedelta(seconds=ESCAPE)


def test_a_request_past_the_delivery_window_closes_the_attempt_as_timeout(sample_test):
    attempt = _attempt(sample_test, silent_for=ESCAPE + 60, deadline_in=-(ESCAPE + 1))
    with pytest.raises(services.AttemptClosed):
        services.attempt_heartbeat(attempt=attempt)
    assert Attempt.objects.get(pk=attempt.pk).status == S.TIMEOUT


def test_the_sweep_and_the_requests_agree(sample_test):
    cases = {
        "offline": _attempt(sample_test, silent_for=95, deadline_in=600),
        "gone": _attempt(sample_test, silent_for=ESCAPE + 1, deadline_in=600),
        "delivering": _attempt(sample_test, silent_for=60, deadline_in=-60),
        "late": _attempt(sample_test, silent_for=ESCAPE + 60, deadline_in=-(ESCAPE + 1)),
    }
    now = timezone.now()
    expected = {name: services.attempt_due_status(attempt=a, now=now) for name, a in cases.items()}
    assert services.attempts_close_overdue(now=now) == {"timeout": 1, "escaped": 1}
    statuses = {name: Attempt.objects.get(pk=a.pk).status for name, a in cases.items()}
    assert statuses == {name: status or S.IN_PROGRESS for name, status in expected.items()}
