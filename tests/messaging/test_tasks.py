"""messaging.tasks: the Celery wrappers retry as messaging.delivery says and sweep through the service."""

import datetime as dt

import pytest
from celery.exceptions import Retry
from django.utils import timezone

from messaging.models import DeliveryStatus, Message
from messaging.tasks import SWEEP_AFTER, deliver_message, sweep_queued_messages
from tests.factories import OutboundMessageFactory
from tests.fake_telegram import BLOCKED, RATE_LIMITED

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_cache", "telegram_clock")]


def test_the_task_retries_when_telegram_says_429(fake_telegram, outbound):
    fake_telegram.send_responses.append(RATE_LIMITED)
    with pytest.raises(Retry):
        deliver_message.run(str(outbound.pk))
    outbound.refresh_from_db()
    assert outbound.delivery_status == DeliveryStatus.QUEUED


def test_403_marks_the_message_failed_with_the_reason_and_does_not_retry(fake_telegram, outbound):
    fake_telegram.send_responses.append(BLOCKED)
    assert deliver_message.run(str(outbound.pk)) == "failed"
    outbound.refresh_from_db()
    assert outbound.delivery_status == DeliveryStatus.FAILED
    assert "bot was blocked by the user" in outbound.delivery_error
    assert outbound.sent_at is None


def test_a_task_run_again_after_a_successful_send_sends_nothing_twice(fake_telegram, outbound):
    assert deliver_message.run(str(outbound.pk)) == "sent"
    # acks_late: the worker died after the send, so the broker hands the task out again.
    assert deliver_message.run(str(outbound.pk)) == "done"
    assert len(fake_telegram.sent("sendMessage")) == 1


@pytest.mark.django_db(transaction=True)
def test_the_sweep_task_sends_messages_whose_task_was_lost(fake_telegram, telegram_settings, eager_celery):
    stale = OutboundMessageFactory(text="lost")
    fresh = OutboundMessageFactory(text="fresh")
    Message.objects.filter(pk=stale.pk).update(
        updated_at=timezone.now() - SWEEP_AFTER - dt.timedelta(seconds=1)
    )

    assert sweep_queued_messages() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.delivery_status, fresh.delivery_status) == (DeliveryStatus.SENT, DeliveryStatus.QUEUED)
    assert [c.text for c in fake_telegram.sent("sendMessage")] == ["lost"]
