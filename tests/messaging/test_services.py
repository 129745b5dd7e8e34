"""messaging.services: storing outbound messages, queueing their delivery, and the sweep of lost ones."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from messaging import services
from messaging.models import DeliveryStatus, Message
from tests.factories import CandidateFactory, OutboundMessageFactory

pytestmark = pytest.mark.django_db
LONG_AGO = dt.timedelta(hours=1)


def _age(message: Message, by: dt.timedelta) -> None:
    Message.objects.filter(pk=message.pk).update(updated_at=timezone.now() - by)


@pytest.mark.django_db(transaction=True)
def test_message_send_delivers_after_commit(fake_telegram, telegram_settings, eager_celery):
    message = services.message_send(candidate=CandidateFactory(), text="Hello from HR")
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.SENT
    assert [c.params["text"] for c in fake_telegram.sent("sendMessage")] == ["Hello from HR"]


def test_message_send_queues_the_delivery_only_when_its_transaction_commits(
    queued_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_send(candidate=CandidateFactory(), text="Hello")
        assert queued_tasks == []
    assert queued_tasks == [str(message.pk)]
    assert (message.delivery_status, message.is_read) == (DeliveryStatus.QUEUED, True)


@pytest.mark.parametrize("text", ["", "   ", "x" * (services.TELEGRAM_MAX_TEXT + 1)])
def test_message_send_refuses_empty_or_too_long_text(text):
    with pytest.raises(ValidationError):
        services.message_send(candidate=CandidateFactory(), text=text)
    assert not Message.objects.exists()


def test_message_send_to_a_candidate_without_telegram_is_refused():
    with pytest.raises(services.CandidateUnreachable):
        services.message_send(candidate=CandidateFactory(telegram_id=None), text="Hello")


def test_the_sweep_requeues_only_messages_queued_longer_than_asked_and_touches_them(
    telegram_settings, queued_tasks
):
    stale = OutboundMessageFactory()
    OutboundMessageFactory()  # queued a moment ago: its task is still on its way
    sent = OutboundMessageFactory(delivery_status=DeliveryStatus.SENT)
    for message in (stale, sent):
        _age(message, LONG_AGO)

    assert services.messages_requeue_stale(older_than=dt.timedelta(minutes=15)) == 1
    assert queued_tasks == [str(stale.pk)]
    # Touched: the next sweep leaves it to the task just queued.
    assert services.messages_requeue_stale(older_than=dt.timedelta(minutes=15)) == 0


def test_the_sweep_takes_at_most_a_batch(telegram_settings, queued_tasks):
    for message in OutboundMessageFactory.create_batch(3):
        _age(message, LONG_AGO)
    assert services.messages_requeue_stale(older_than=dt.timedelta(minutes=15), limit=2) == 2
    assert services.messages_requeue_stale(older_than=dt.timedelta(minutes=15), limit=2) == 1


def test_without_a_bot_token_the_sweep_queues_nothing(settings, queued_tasks):
    settings.TELEGRAM_BOT_TOKEN = ""
    _age(OutboundMessageFactory(), LONG_AGO)
    assert services.messages_requeue_stale(older_than=dt.timedelta(minutes=15)) == 0
    assert queued_tasks == []
