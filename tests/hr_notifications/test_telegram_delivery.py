"""An HR notification goes to the user's Telegram chat through the Bot API transport: a 429 waits
`retry_after`, a refusal (403) fails at once, network errors and 5xx back off.

The task runs as a worker runs it (a request with its arguments, `celery.Task.push_request`), so its
`self.retry` raises Celery's Retry carrying the countdown and the signature of the next run, which
the test then runs itself when the countdown has passed on the limiter's clock."""

import pytest
from celery.exceptions import Retry

from hr_notifications import services
from hr_notifications.models import HRNotification, HRPreference, TelegramStatus
from hr_notifications.tasks import deliver_hr_notification
from messaging import rate_limits
from tests.factories import UserFactory
from tests.fake_telegram import BLOCKED, RATE_LIMITED, SERVER_ERROR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_cache", "telegram_clock")]
HR_CHAT = 880011


@pytest.fixture
def notification(telegram_settings) -> HRNotification:
    telegram_settings.PUBLIC_BASE_URL = "https://jobs.example.com"
    user = UserFactory(username="olga")
    HRPreference.objects.create(user=user, by_telegram=True, telegram_chat_id=HR_CHAT)
    return HRNotification.objects.create(
        user=user,
        kind="new_message",
        text="Message from Ann: hello",
        url="/admin/candidates/candidate/1/change/#chat",
        telegram_status=TelegramStatus.QUEUED,
    )


def _run(*args, retries: int = 0, **kwargs):
    """One run of the task on a worker: its result, or the Retry it raised."""
    deliver_hr_notification.push_request(
        id=f"run-{retries}",
        args=list(args),
        kwargs=kwargs,
        retries=retries,
        called_directly=False,
        is_eager=True,
    )
    try:
        return deliver_hr_notification.run(*args, **kwargs)
    except Retry as retry:
        return retry
    finally:
        deliver_hr_notification.pop_request()


def _run_again(retry: Retry, retries: int):
    return _run(*retry.sig.args, retries=retries, **retry.sig.kwargs)


def _reload(notification: HRNotification) -> HRNotification:
    notification.refresh_from_db()
    return notification


def test_a_notification_reaches_the_linked_chat_with_its_link(fake_telegram, notification):
    assert _run(notification.pk) == "sent"

    [call] = fake_telegram.sent("sendMessage", chat_id=HR_CHAT)
    assert (
        call.text
        == "Message from Ann: hello\nhttps://jobs.example.com/admin/candidates/candidate/1/change/#chat"
    )
    assert (_reload(notification).telegram_status, notification.telegram_error) == (TelegramStatus.SENT, "")


def test_a_notification_that_gets_429_waits_retry_after_and_the_next_attempt_sends_it(
    fake_telegram, notification, telegram_clock
):
    fake_telegram.send_responses.append(RATE_LIMITED)

    retry = _run(notification.pk)

    assert isinstance(retry, Retry) and retry.when == 3  # Telegram's retry_after, as the countdown
    assert retry.sig.kwargs == {"attempt": 1}  # waiting is not a failed attempt
    assert (_reload(notification).telegram_status, notification.telegram_error) == (
        TelegramStatus.QUEUED,
        "Telegram rate limit: retrying in 3 s.",
    )
    telegram_clock.now += retry.when
    assert _run_again(retry, retries=1) == "sent"
    assert len(fake_telegram.sent("sendMessage", chat_id=HR_CHAT)) == 2
    assert (_reload(notification).telegram_status, notification.telegram_error) == (TelegramStatus.SENT, "")


def test_a_run_before_retry_after_has_passed_sends_nothing_and_waits_the_rest(fake_telegram, notification):
    fake_telegram.send_responses.append(RATE_LIMITED)
    retry = _run(notification.pk)

    too_early = _run_again(retry, retries=1)  # e.g. a redelivery: the chat is still paused

    assert isinstance(too_early, Retry) and too_early.when == pytest.approx(3)
    assert len(fake_telegram.sent("sendMessage")) == 1


def test_a_notification_that_gets_403_is_not_retried(fake_telegram, notification):
    fake_telegram.send_responses.append(BLOCKED)

    assert _run(notification.pk) == "failed"

    assert len(fake_telegram.sent("sendMessage")) == 1
    assert (_reload(notification).telegram_status, notification.telegram_error) == (
        TelegramStatus.FAILED,
        "Telegram refused the message (403): Forbidden: bot was blocked by the user",
    )


def test_5xx_is_retried_with_a_growing_backoff_then_fails_with_the_reason(fake_telegram, notification):
    fake_telegram.send_responses.extend([SERVER_ERROR] * services.MAX_DELIVERY_ATTEMPTS)
    countdowns, outcome = [], _run(notification.pk)
    while isinstance(outcome, Retry):
        countdowns.append(outcome.when)
        assert _reload(notification).telegram_error == "Telegram answered 502: Bad Gateway"
        outcome = _run_again(outcome, retries=len(countdowns))

    assert countdowns == [30, 60, 120, 240, 480]
    assert outcome == "failed"
    assert len(fake_telegram.sent("sendMessage")) == services.MAX_DELIVERY_ATTEMPTS
    assert (
        _reload(notification).telegram_error == "Gave up after 6 attempts: Telegram answered 502: Bad Gateway"
    )


def test_a_network_error_is_retried_and_says_so(settings, notification):
    settings.TELEGRAM_API_BASE_URL = "http://127.0.0.1:9"  # nothing listens on the discard port

    retry = _run(notification.pk)

    assert isinstance(retry, Retry) and retry.when == 30
    assert retry.sig.kwargs == {"attempt": 2}
    assert _reload(notification).telegram_error == "Network error talking to Telegram: ConnectionError"


def test_a_chat_paused_by_another_sender_holds_the_notification_without_spending_an_attempt(
    fake_telegram, notification
):
    rate_limits.limiter.pause_chat(HR_CHAT, 10)  # another worker got a 429 for this chat

    retry = _run(notification.pk, attempt=3)

    assert isinstance(retry, Retry) and retry.when == pytest.approx(10)
    assert retry.sig.kwargs == {"attempt": 3}
    assert fake_telegram.sent() == []
    assert _reload(notification).telegram_status == TelegramStatus.QUEUED


def test_without_a_linked_chat_the_notification_fails_without_calling_telegram(fake_telegram, notification):
    HRPreference.objects.filter(user=notification.user).update(telegram_chat_id=None)

    assert _run(notification.pk) == "failed"

    assert fake_telegram.sent() == []
    assert _reload(notification).telegram_error == "No Telegram chat linked, or no bot token."


def test_a_notification_already_sent_is_not_sent_again(fake_telegram, notification):
    assert _run(notification.pk) == "sent"
    assert _run(notification.pk) == "done"  # acks_late: the broker handed the task out again
    assert len(fake_telegram.sent("sendMessage")) == 1
