"""messaging.delivery: sending one queued outbound message to the Bot API, exactly once as far as
Telegram allows it."""

import pytest
from django.core.cache import cache

from messaging import channels, delivery, services
from messaging.models import CandidateChannel, DeliveryStatus, Message
from tests.factories import CandidateFactory, OutboundMessageFactory
from tests.fake_telegram import BLOCKED, CHAT_NOT_FOUND, RATE_LIMITED, SERVER_ERROR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_cache", "telegram_clock")]


def _reload(message: Message) -> Message:
    message.refresh_from_db()
    return message


def test_a_queued_message_is_sent_once_and_marked_sent(fake_telegram, outbound):
    assert delivery.deliver(outbound.pk).result == "sent"

    sent = fake_telegram.sent("sendMessage")
    assert [(int(c.params["chat_id"]), c.params["text"]) for c in sent] == [
        (outbound.telegram_chat_id, "Your interview is on Monday at 10:00.")
    ]
    message = _reload(outbound)
    assert message.delivery_status == DeliveryStatus.SENT
    assert message.sent_at is not None
    assert message.telegram_message_id is not None
    assert message.delivery_attempts == 1


def test_429_waits_retry_after_then_the_retry_succeeds(fake_telegram, outbound, telegram_clock):
    fake_telegram.send_responses.append(RATE_LIMITED)

    outcome = delivery.deliver(outbound.pk)
    assert (outcome.result, outcome.retry_in) == ("retry", 3)
    assert _reload(outbound).delivery_status == DeliveryStatus.QUEUED
    assert "rate limit" in outbound.delivery_error

    # Within retry_after nothing goes to Telegram, whichever worker tries.
    too_early = delivery.deliver(outbound.pk)
    assert too_early.result == "retry"
    assert 2 < too_early.retry_in <= 3
    assert len(fake_telegram.sent("sendMessage")) == 1

    telegram_clock.now += 3  # retry_after has passed
    assert delivery.deliver(outbound.pk).result == "sent"
    assert len(fake_telegram.sent("sendMessage")) == 2
    message = _reload(outbound)
    assert (message.delivery_status, message.delivery_error, message.delivery_attempts) == (
        DeliveryStatus.SENT,
        "",
        2,
    )


def test_5xx_is_retried_with_growing_backoff_and_finally_fails(fake_telegram, outbound):
    fake_telegram.send_responses.extend([SERVER_ERROR] * delivery.MAX_TRANSIENT_ATTEMPTS)
    delays = []
    for _ in range(delivery.MAX_TRANSIENT_ATTEMPTS - 1):
        outcome = delivery.deliver(outbound.pk)
        assert outcome.result == "retry"
        delays.append(outcome.retry_in)
    # Doubling from the base (plus up to 20% jitter) until the cap.
    for attempt, delay in enumerate(delays, start=1):
        expected = min(delivery.BACKOFF_MAX_SECONDS, delivery.BACKOFF_BASE_SECONDS * 2 ** (attempt - 1))
        assert expected <= delay <= expected * 1.2
    assert "502" in _reload(outbound).delivery_error

    assert delivery.deliver(outbound.pk).result == "failed"
    message = _reload(outbound)
    assert message.delivery_status == DeliveryStatus.FAILED
    assert "Gave up after 10 attempts" in message.delivery_error


def test_a_network_error_is_retried(settings, outbound):
    settings.TELEGRAM_API_BASE_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    outcome = delivery.deliver(outbound.pk)
    assert outcome.result == "retry"
    assert "Network error" in _reload(outbound).delivery_error
    assert outbound.delivery_attempts == 1


def test_a_second_message_to_a_chat_within_the_second_waits_for_the_next_one(
    fake_telegram, telegram_settings, telegram_clock
):
    first, second = OutboundMessageFactory.create_batch(2, telegram_chat_id=4242, text="hello")

    assert [delivery.deliver(first.pk).result, delivery.deliver(second.pk).result] == ["sent", "sent"]

    assert telegram_clock.slept == [pytest.approx(0.75)]  # to the start of the next second
    assert len(fake_telegram.sent("sendMessage")) == 2


def test_a_send_recorded_only_in_the_cache_is_marked_sent_without_sending_again(fake_telegram, outbound):
    # What _record_sent leaves behind when the database write after a successful send failed.
    cache.set(f"telegram-send:sent:{outbound.pk}", 4242)
    assert delivery.deliver(outbound.pk).result == "done"
    assert fake_telegram.sent("sendMessage") == []
    message = _reload(outbound)
    assert (message.delivery_status, message.telegram_message_id) == (DeliveryStatus.SENT, 4242)


def test_a_message_another_worker_is_sending_is_not_sent_in_parallel(fake_telegram, outbound):
    cache.add(f"telegram-send:claim:{outbound.pk}", 1)
    assert delivery.deliver(outbound.pk).result == "retry"
    assert fake_telegram.sent("sendMessage") == []


def test_without_a_token_the_message_stays_queued_and_says_the_bot_is_not_configured(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    message = OutboundMessageFactory()
    assert delivery.deliver(message.pk).result == "queued"
    message = _reload(message)
    assert message.delivery_status == DeliveryStatus.QUEUED
    assert "Telegram bot is not configured" in message.delivery_error


def test_an_unknown_or_malformed_message_id_sends_nothing(fake_telegram, telegram_settings):
    assert delivery.deliver("not-a-uuid").result == "done"
    assert delivery.deliver("7d7b3f7e-0000-4000-8000-000000000000").result == "done"
    assert fake_telegram.sent("sendMessage") == []


def test_buttons_go_out_as_an_inline_keyboard_with_a_web_app_button(fake_telegram, outbound):
    outbound.buttons = [
        [{"text": "Take the test in Telegram", "web_app": "https://jobs.example.com/t/abc/?via=telegram"}],
        [{"text": "Open in a browser", "url": "https://jobs.example.com/t/abc/"}],
    ]
    outbound.save()

    assert delivery.deliver(outbound.pk).result == "sent"

    [call] = fake_telegram.sent("sendMessage")
    assert call.reply_markup == {
        "inline_keyboard": [
            [
                {
                    "text": "Take the test in Telegram",
                    "web_app": {"url": "https://jobs.example.com/t/abc/?via=telegram"},
                }
            ],
            [{"text": "Open in a browser", "url": "https://jobs.example.com/t/abc/"}],
        ]
    }


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("interview.ics", "text/calendar"),
        ("notes.txt", "text/plain"),
        ("offer.unknown-extension", "application/octet-stream"),
    ],
)
def test_a_document_is_sent_with_the_content_type_of_its_name(fake_telegram, outbound, name, content_type):
    outbound.document_name, outbound.document_content = name, "Offer: 100"
    outbound.save()

    assert delivery.deliver(outbound.pk).result == "sent"

    [call] = fake_telegram.sent("sendDocument", chat_id=outbound.telegram_chat_id)
    assert call.params["caption"] == "Your interview is on Monday at 10:00."
    assert call.params["document"] == {
        "filename": name,
        "content": b"Offer: 100",
        "content_type": content_type,
    }
    assert _reload(outbound).delivery_status == DeliveryStatus.SENT


def test_a_user_who_blocked_the_bot_has_their_telegram_channel_marked_bounced(
    fake_telegram, telegram_settings, queued_tasks
):
    candidate = CandidateFactory(telegram_id=5550001, email="")
    message = services.message_send(candidate=candidate, text="Hello")
    fake_telegram.send_responses.append(BLOCKED)

    assert delivery.deliver(message.pk).result == "failed"

    assert _reload(message).delivery_status == DeliveryStatus.FAILED
    channel = CandidateChannel.objects.get(candidate=candidate, kind="telegram")
    assert channel.bounced_at is not None and "blocked by the user" in channel.bounce_reason
    with pytest.raises(channels.CandidateUnreachable):
        services.message_send(candidate=candidate, text="Again")


def test_a_chat_telegram_does_not_find_fails_the_message_but_keeps_the_channel(
    fake_telegram, telegram_settings, queued_tasks
):
    candidate = CandidateFactory(telegram_id=5550002, email="")
    message = services.message_send(candidate=candidate, text="Hello")
    fake_telegram.send_responses.append(CHAT_NOT_FOUND)

    assert delivery.deliver(message.pk).result == "failed"

    assert CandidateChannel.objects.get(candidate=candidate, kind="telegram").bounced_at is None


def test_a_blocked_chat_that_writes_again_is_reachable_again(fake_telegram, telegram_settings, queued_tasks):
    candidate = CandidateFactory(telegram_id=5550003, email="")
    fake_telegram.send_responses.append(BLOCKED)
    delivery.deliver(services.message_send(candidate=candidate, text="Hello").pk)
    assert CandidateChannel.objects.get(candidate=candidate, kind="telegram").bounced_at is not None

    services.message_receive(
        candidate=candidate, text="Hi, I am back", telegram_chat_id=5550003, telegram_message_id=9
    )

    channel = CandidateChannel.objects.get(candidate=candidate, kind="telegram")
    assert (channel.bounced_at, channel.bounce_reason) == (None, "")
    assert (
        delivery.deliver(services.message_send(candidate=candidate, text="Welcome back").pk).result == "sent"
    )
