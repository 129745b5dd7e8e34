"""Answers the page kept offline: accepted by when they were given, within the deadline and a bounded
trust in the phone's clock; refused (and the attempt timed out) when given after the deadline."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AttemptFactory
from tests_app import services
from tests_app.models import Answer, Attempt, AttemptStatus
from tests_app.services.answers import ANSWER_GRACE, MAX_CLOCK_SKEW, answer_given_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_deadline(sample_test) -> Attempt:
    """Started 30 minutes ago; the deadline passed 20 s ago; last heard from 60 s ago (offline since)."""
    now = timezone.now()
    attempt = services.attempt_start(
        attempt=AttemptFactory(test=sample_test.test), now=now - dt.timedelta(minutes=30)
    )
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=now - dt.timedelta(seconds=20), last_heartbeat_at=now - dt.timedelta(seconds=60)
    )
    return Attempt.objects.get(pk=attempt.pk)


def test_an_answer_given_before_the_deadline_counts_when_it_arrives_later(past_deadline, sample_test):
    services.answer_save(
        attempt=past_deadline, question=sample_test.open, text="written offline", given_ago_ms=45_000
    )
    assert Answer.objects.get(attempt=past_deadline).text == "written offline"
    past_deadline.refresh_from_db()
    assert past_deadline.status == AttemptStatus.IN_PROGRESS
    assert past_deadline.last_heartbeat_at < past_deadline.deadline  # no touch after the deadline


def test_an_answer_given_within_the_grace_counts(past_deadline, sample_test):
    ago = (dt.timedelta(seconds=20) - ANSWER_GRACE + dt.timedelta(seconds=1)).total_seconds() * 1000
    services.answer_save(
        attempt=past_deadline, question=sample_test.open, text="just in", given_ago_ms=int(ago)
    )
    assert Answer.objects.filter(attempt=past_deadline).exists()


def test_an_answer_given_after_the_deadline_is_refused_and_times_the_attempt_out(
    past_deadline, sample_test, status_changes
):
    services.answer_save(
        attempt=past_deadline,
        question=sample_test.single,
        choice_ids=[sample_test.single_right.id],
        given_ago_ms=50_000,
    )
    with pytest.raises(services.AttemptClosed):
        services.answer_save(
            attempt=past_deadline, question=sample_test.open, text="too late", given_ago_ms=1_000
        )
    past_deadline.refresh_from_db()
    assert past_deadline.status == AttemptStatus.TIMEOUT
    assert past_deadline.score == 2  # what was given in time is graded
    assert not Answer.objects.filter(attempt=past_deadline, question=sample_test.open).exists()
    assert status_changes[-1] == (AttemptStatus.IN_PROGRESS, AttemptStatus.TIMEOUT)


def test_the_phones_clock_is_trusted_only_so_far_back(sample_test):
    now = timezone.now()
    attempt = AttemptFactory.build(
        test=sample_test.test,
        started_at=now - dt.timedelta(minutes=30),
        last_heartbeat_at=now - dt.timedelta(seconds=10),
    )
    # A claim of "given an hour ago" is taken as given 30 s before the server last heard the page.
    claimed = answer_given_at(attempt=attempt, now=now, given_ago_ms=3_600_000)
    assert claimed == attempt.last_heartbeat_at - MAX_CLOCK_SKEW
    assert answer_given_at(attempt=attempt, now=now, given_ago_ms=5_000) == now - dt.timedelta(seconds=5)
    assert answer_given_at(attempt=attempt, now=now, given_ago_ms=-5) == now
