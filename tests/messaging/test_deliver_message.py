import datetime as dt

import pytest
from celery.exceptions import Retry
from django.core.cache import cache
from django.utils import timezone

from messaging import delivery
from messaging.models import DeliveryStatus, Message
from messaging.services import message_send
from messaging.tasks import deliver_message, sweep_queued_messages
from tests.factories import CandidateFactory, OutboundMessageFactory

pytestmark = pytest.mark.django_db

RATE_LIMITED = (
    429,
    {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    },
)
BLOCKED = (403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"})
SERVER_ERROR = (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"})


@pytest.fixture(autouse=True)
def _local_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tg"}
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def message(telegram_settings):
    return OutboundMessageFactory(text="Your interview is on Monday at 10:00.")


def _reload(message: Message) -> Message:
    message.refresh_from_db()
    return message


def test_a_queued_message_is_sent_once_and_marked_sent(fake_telegram, message):
    assert delivery.deliver(message.pk).result == "sent"

    sent = fake_telegram.sent("sendMessage")
    assert [(int(c.params["chat_id"]), c.params["text"]) for c in sent] == [
        (message.telegram_chat_id, "Your interview is on Monday at 10:00.")
    ]
    message = _reload(message)
    assert message.delivery_status == DeliveryStatus.SENT
    assert message.sent_at is not None
    assert message.telegram_message_id is not None
    assert message.delivery_attempts == 1


def test_429_waits_retry_after_then_the_retry_succeeds(fake_telegram, message):
    fake_telegram.send_responses.append(RATE_LIMITED)

    outcome = delivery.deliver(message.pk)
    assert (outcome.result, outcome.retry_in) == ("retry", 3)
    assert _reload(message).delivery_status == DeliveryStatus.QUEUED
    assert "rate limit" in message.delivery_error

    # Within retry_after nothing goes to Telegram, whichever worker tries.
    too_early = delivery.deliver(message.pk)
    assert too_early.result == "retry"
    assert 2 < too_early.retry_in <= 3
    assert len(fake_telegram.sent("sendMessage")) == 1

    cache.delete(f"telegram-rate:pause:{message.telegram_chat_id}")  # retry_after has passed
    assert delivery.deliver(message.pk).result == "sent"
    assert len(fake_telegram.sent("sendMessage")) == 2
    message = _reload(message)
    assert (message.delivery_status, message.delivery_error, message.delivery_attempts) == (
        DeliveryStatus.SENT,
        "",
        2,
    )


def test_the_task_retries_when_telegram_says_429(fake_telegram, message):
    fake_telegram.send_responses.append(RATE_LIMITED)
    with pytest.raises(Retry):
        deliver_message.run(str(message.pk))
    assert _reload(message).delivery_status == DeliveryStatus.QUEUED


def test_403_marks_the_message_failed_with_the_reason_and_does_not_retry(fake_telegram, message):
    fake_telegram.send_responses.append(BLOCKED)
    assert deliver_message.run(str(message.pk)) == "failed"
    message = _reload(message)
    assert message.delivery_status == DeliveryStatus.FAILED
    assert "bot was blocked by the user" in message.delivery_error
    assert message.sent_at is None


def test_5xx_is_retried_with_growing_backoff_and_finally_fails(fake_telegram, message):
    fake_telegram.send_responses.extend([SERVER_ERROR] * delivery.MAX_TRANSIENT_ATTEMPTS)
    delays = []
    for _ in range(delivery.MAX_TRANSIENT_ATTEMPTS - 1):
        cache.clear()  # the per-chat one-second window, not what this test is about
        outcome = delivery.deliver(message.pk)
        assert outcome.result == "retry"
        delays.append(outcome.retry_in)
    # Doubling from the base (plus up to 20% jitter) until the cap.
    for attempt, delay in enumerate(delays, start=1):
        expected = min(delivery.BACKOFF_MAX_SECONDS, delivery.BACKOFF_BASE_SECONDS * 2 ** (attempt - 1))
        assert expected <= delay <= expected * 1.2
    assert "502" in _reload(message).delivery_error

    cache.clear()
    assert delivery.deliver(message.pk).result == "failed"
    message = _reload(message)
    assert message.delivery_status == DeliveryStatus.FAILED
    assert "Gave up after 10 attempts" in message.delivery_error


def test_a_network_error_is_retried(settings, message):
    settings.TELEGRAM_API_BASE_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    outcome = delivery.deliver(message.pk)
    assert outcome.result == "retry"
    assert "Network error" in _reload(message).delivery_error
    assert message.delivery_attempts == 1


def test_a_retry_after_a_send_that_succeeded_sends_nothing_twice(fake_telegram, message):
    assert deliver_message.run(str(message.pk)) == "sent"
    cache.clear()
    # acks_late: the worker died after the send, so the broker hands the task out again.
    assert deliver_message.run(str(message.pk)) == "done"
    assert len(fake_telegram.sent("sendMessage")) == 1


def test_a_send_recorded_only_in_the_cache_is_marked_sent_without_sending_again(fake_telegram, message):
    # What _record_sent leaves behind when the database write after a successful send failed.
    cache.set(f"telegram-send:sent:{message.pk}", 4242)
    assert delivery.deliver(message.pk).result == "done"
    assert fake_telegram.sent("sendMessage") == []
    message = _reload(message)
    assert (message.delivery_status, message.telegram_message_id) == (DeliveryStatus.SENT, 4242)


def test_a_message_another_worker_is_sending_is_not_sent_in_parallel(fake_telegram, message):
    cache.add(f"telegram-send:claim:{message.pk}", 1)
    assert delivery.deliver(message.pk).result == "retry"
    assert fake_telegram.sent("sendMessage") == []


def test_without_a_token_the_message_stays_queued_and_says_the_bot_is_not_configured(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    message = OutboundMessageFactory()
    assert deliver_message.run(str(message.pk)) == "queued"
    message = _reload(message)
    assert message.delivery_status == DeliveryStatus.QUEUED
    assert "Telegram bot is not configured" in message.delivery_error


@pytest.mark.django_db(transaction=True)
def test_message_send_delivers_after_commit(fake_telegram, telegram_settings, eager_celery):
    candidate = CandidateFactory()
    message = message_send(candidate=candidate, text="Hello from HR")
    assert _reload(message).delivery_status == DeliveryStatus.SENT
    assert [c.params["text"] for c in fake_telegram.sent("sendMessage")] == ["Hello from HR"]


@pytest.mark.django_db(transaction=True)
def test_the_sweep_sends_messages_whose_task_was_lost(fake_telegram, telegram_settings, eager_celery):
    stale = OutboundMessageFactory(text="lost")
    fresh = OutboundMessageFactory(text="fresh")
    Message.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))

    assert sweep_queued_messages() == 1
    assert _reload(stale).delivery_status == DeliveryStatus.SENT
    assert _reload(fresh).delivery_status == DeliveryStatus.QUEUED


def test_an_unknown_or_malformed_message_id_sends_nothing(fake_telegram, telegram_settings):
    assert deliver_message.run("not-a-uuid") == "done"
    assert deliver_message.run("7d7b3f7e-0000-4000-8000-000000000000") == "done"
    assert fake_telegram.sent("sendMessage") == []
