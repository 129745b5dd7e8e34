"""A stage change notifies the candidate (when HR enabled it for that stage), never at night, and
not at all when the change is reverted before the message goes out."""

import datetime as dt

import pytest

from candidates.services import candidate_status_change
from messaging.models import Message, ScheduledMessage, StatusNotification
from messaging.notifications import scheduled_messages_send_due
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_notifications", "eager_celery")]

LATE = dt.datetime(2026, 1, 15, 22, 30, tzinfo=dt.UTC)  # 23:30 in Berlin
BERLIN_NINE = dt.datetime(2026, 1, 16, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def berliner():
    # +49 151: one time zone (Europe/Berlin), whatever TIME_ZONE says.
    return ApplicationFactory(
        candidate__name="Ann", candidate__phone="+4915112345678", candidate__status="reviewing"
    )


def _move(application, status, capture):
    with capture(execute=True):
        candidate_status_change(candidate=application.candidate, status=status)


def test_moving_to_interview_sends_the_invitation_through_telegram(
    clock,
    berliner,
    telegram_settings,
    fake_telegram,
    eager_celery,
    local_cache,
    django_capture_on_commit_callbacks,
):
    _move(berliner, "interview", django_capture_on_commit_callbacks)

    message = Message.objects.get(candidate=berliner.candidate)
    assert message.text.startswith("Hello Ann! We would like to invite you to an interview")
    assert berliner.vacancy.name in message.text
    assert message.delivery_status == "sent"
    assert [c.text for c in fake_telegram.sent("sendMessage")] == [message.text]
    assert ScheduledMessage.objects.get().state == "sent"


def test_a_status_whose_notification_is_off_sends_nothing_until_hr_enables_it(
    clock, berliner, django_capture_on_commit_callbacks
):
    _move(berliner, "rejected", django_capture_on_commit_callbacks)
    assert not ScheduledMessage.objects.exists()

    StatusNotification.objects.filter(status="rejected").update(enabled=True)
    _move(berliner, "reviewing", django_capture_on_commit_callbacks)
    _move(berliner, "rejected", django_capture_on_commit_callbacks)

    assert ScheduledMessage.objects.get().reason == "status:rejected"
    assert "not to move forward" in Message.objects.get().text


def test_at_night_the_message_is_held_until_nine_in_the_candidates_time_zone(
    clock, berliner, django_capture_on_commit_callbacks
):
    clock.now = LATE
    _move(berliner, "interview", django_capture_on_commit_callbacks)

    scheduled = ScheduledMessage.objects.get()
    assert (scheduled.state, scheduled.send_at) == ("pending", BERLIN_NINE)
    assert not Message.objects.exists()

    clock.now = BERLIN_NINE - dt.timedelta(minutes=1)
    assert scheduled_messages_send_due() == 0
    clock.now = BERLIN_NINE
    assert scheduled_messages_send_due() == 1
    assert scheduled_messages_send_due() == 0  # once

    assert Message.objects.get().text.startswith("Hello Ann!")


def test_a_russian_reader_without_a_telling_phone_gets_moscow_hours(
    clock, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(candidate__phone="", candidate__language="ru", candidate__status="new")
    clock.now = dt.datetime(2026, 1, 15, 19, 0, tzinfo=dt.UTC)  # 22:00 in Moscow

    _move(application, "interview", django_capture_on_commit_callbacks)

    assert ScheduledMessage.objects.get().send_at == dt.datetime(2026, 1, 16, 6, 0, tzinfo=dt.UTC)
    assert "Приглашаем вас на собеседование" in ScheduledMessage.objects.get().text


def test_a_change_reverted_before_the_morning_sends_nothing(
    clock, berliner, django_capture_on_commit_callbacks
):
    clock.now = LATE
    _move(berliner, "interview", django_capture_on_commit_callbacks)
    _move(berliner, "reviewing", django_capture_on_commit_callbacks)

    clock.now = BERLIN_NINE
    assert scheduled_messages_send_due() == 0

    assert ScheduledMessage.objects.get().state == "cancelled"
    assert not Message.objects.exists()


def test_a_change_reverted_before_its_task_ran_sends_nothing(
    clock, berliner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        candidate_status_change(candidate=berliner.candidate, status="interview")
    candidate_status_change(candidate=berliner.candidate, status="reviewing")
    # What the outbox would do if the cancellation had been lost: the status check still holds.
    ScheduledMessage.objects.update(state="pending")

    for callback in callbacks:
        callback()

    assert ScheduledMessage.objects.get().state == "cancelled"
    assert not Message.objects.exists()


def test_a_candidate_without_telegram_is_not_scheduled(clock, django_capture_on_commit_callbacks):
    application = ApplicationFactory(candidate__telegram_id=None, candidate__status="new")

    _move(application, "interview", django_capture_on_commit_callbacks)

    assert not ScheduledMessage.objects.exists()
