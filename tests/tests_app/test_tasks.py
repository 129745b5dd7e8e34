"""The beat task that closes overdue attempts."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AttemptFactory
from tests_app import services
from tests_app.models import Attempt
from tests_app.tasks import close_overdue_attempts

pytestmark = pytest.mark.django_db


def test_close_overdue_attempts_task_closes_timeouts_and_escapes(settings, sample_test):
    settings.TEST_ESCAPE_AFTER_SECONDS = 60
    now = timezone.now()
    late = services.attempt_start(
        attempt=AttemptFactory(test=sample_test.test), now=now - dt.timedelta(hours=1)
    )
    # Alive until its deadline (30 minutes), then silent past the 60 s the page has to deliver.
    Attempt.objects.filter(pk=late.pk).update(last_heartbeat_at=late.deadline - dt.timedelta(seconds=5))
    silent = services.attempt_start(
        attempt=AttemptFactory(test=sample_test.test), now=now - dt.timedelta(minutes=2)
    )
    assert close_overdue_attempts.apply().get() == {"timeout": 1, "escaped": 1}
    assert Attempt.objects.get(pk=late.pk).status == "timeout"
    assert Attempt.objects.get(pk=silent.pk).status == "escaped"


def test_the_task_is_scheduled_by_beat():
    from recruitment.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "tests_app.tasks.close_overdue_attempts" in tasks
