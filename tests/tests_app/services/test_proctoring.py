"""The page's proctoring events (services.proctoring): stored with server times, capped, only while open."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import AttemptFactory, ProctorEventFactory
from tests_app import services
from tests_app.models import Attempt, AttemptStatus, ProctorEvent

pytestmark = pytest.mark.django_db


def _event(kind="paste", ago_ms=0, duration_ms=None, details=None) -> dict:
    return {"kind": kind, "ago_ms": ago_ms, "duration_ms": duration_ms, "details": details or {}}


@pytest.fixture
def started(sample_test) -> Attempt:
    return services.attempt_start(
        attempt=AttemptFactory(test=sample_test.test), now=timezone.now() - dt.timedelta(minutes=1)
    )


def test_events_are_stored_at_server_times_and_count_as_a_heartbeat(started):
    now = timezone.now()
    events = [
        _event("tab_hidden", ago_ms=5_000),
        _event("tab_shown", ago_ms=1_000, duration_ms=4_000),
        _event("paste", details={"length": 12}),
    ]
    assert services.proctor_events_record(attempt=started, events=events, now=now) == 3
    stored = list(ProctorEvent.objects.filter(attempt=started))
    assert [(e.kind, e.occurred_at, e.duration_ms, e.details) for e in stored] == [
        ("tab_hidden", now - dt.timedelta(seconds=5), None, {}),
        ("tab_shown", now - dt.timedelta(seconds=1), 4_000, {}),
        ("paste", now, None, {"length": 12}),
    ]
    started.refresh_from_db()
    assert started.last_heartbeat_at == now


def test_an_event_reported_from_before_the_start_is_placed_at_the_start(started):
    services.proctor_events_record(attempt=started, events=[_event(ago_ms=3_600_000)])
    assert ProctorEvent.objects.get().occurred_at == started.started_at


def test_an_attempt_takes_a_bounded_number_of_events(started, monkeypatch):
    monkeypatch.setattr(services.proctoring, "MAX_PROCTOR_EVENTS_PER_ATTEMPT", 3)
    ProctorEventFactory.create_batch(2, attempt=started)
    with pytest.raises(ValidationError):
        services.proctor_events_record(attempt=started, events=[_event(), _event()])
    assert services.proctor_events_record(attempt=started, events=[_event()]) == 1
    assert ProctorEvent.objects.filter(attempt=started).count() == 3


def test_events_of_a_finished_attempt_are_closed(sample_test):
    attempt = AttemptFactory(test=sample_test.test, status=AttemptStatus.PASSED, started_at=timezone.now())
    with pytest.raises(services.AttemptClosed):
        services.proctor_events_record(attempt=attempt, events=[_event()])
    assert not ProctorEvent.objects.exists()


def test_events_of_a_pending_attempt_are_refused(sample_test):
    with pytest.raises(services.InvalidTransition):
        services.proctor_events_record(attempt=AttemptFactory(test=sample_test.test), events=[_event()])
    assert not ProctorEvent.objects.exists()


def test_events_of_a_deleted_attempt_are_gone(started):
    Attempt.objects.filter(pk=started.pk).delete()
    with pytest.raises(services.AttemptGone):
        services.proctor_events_record(attempt=started, events=[_event()])
    assert not ProctorEvent.objects.exists()
