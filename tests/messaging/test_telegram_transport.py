"""messaging.telegram: the one Bot API transport. Real HTTP to the fake Bot API (or a pytest-httpserver
for a header the fake does not send), the shared limiter on a clock of the test's own."""

import logging

import pytest
from pytest_httpserver import HTTPServer

from messaging import rate_limits, telegram
from tests.fake_telegram import BLOCKED, CHAT_NOT_FOUND, RATE_LIMITED, SERVER_ERROR, TOKEN

pytestmark = pytest.mark.usefixtures("local_cache", "telegram_settings")

CHAT = 4242


def _hello(chat_id: int = CHAT, **options) -> telegram.SendResult:
    return telegram.send("sendMessage", chat_id, params={"text": "Hello"}, **options)


def test_a_message_is_sent_and_telegram_s_message_id_returned(fake_telegram):
    result = _hello()

    [call] = fake_telegram.sent("sendMessage")
    assert (int(call.params["chat_id"]), call.text) == (CHAT, "Hello")
    assert (result.ok, result.status_code, result.error) == (True, 200, "")
    assert result.message_id == fake_telegram._next_message_id
    assert result.result["chat"]["id"] == CHAT


def test_429_returns_retry_after_and_pauses_the_chat_for_every_sender(
    fake_telegram, telegram_clock, monkeypatch
):
    fake_telegram.send_responses.append(RATE_LIMITED)

    result = _hello()
    assert (result.ok, result.final, result.transient) == (False, False, True)
    assert (result.status_code, result.retry_after) == (429, 3)
    assert result.error == "Telegram rate limit: retrying in 3 s."

    # Another worker (its own limiter, the same cache) holds its message to that chat too.
    another_worker = rate_limits.TelegramRateLimiter(clock=telegram_clock, sleep=telegram_clock.sleep)
    monkeypatch.setattr(rate_limits, "limiter", another_worker)
    held = _hello()
    assert (held.ok, held.held_back, held.status_code) == (False, True, None)
    assert held.retry_after == pytest.approx(3)
    assert _hello(chat_id=CHAT + 1).ok  # other chats are not held
    assert len(fake_telegram.sent("sendMessage", chat_id=CHAT)) == 1

    telegram_clock.now += 3
    assert _hello().ok
    assert len(fake_telegram.sent("sendMessage", chat_id=CHAT)) == 2


def test_a_429_without_parameters_waits_its_retry_after_header(httpserver: HTTPServer, settings):
    settings.TELEGRAM_API_BASE_URL = httpserver.url_for("").rstrip("/")
    httpserver.expect_request(f"/bot{TOKEN}/sendMessage").respond_with_json(
        {"ok": False, "error_code": 429, "description": "Too Many Requests"},
        status=429,
        headers={"Retry-After": "7"},
    )

    assert _hello().retry_after == 7


@pytest.mark.parametrize(
    ("answer", "reason"),
    [(BLOCKED, "Forbidden: bot was blocked by the user"), (CHAT_NOT_FOUND, "Bad Request: chat not found")],
)
def test_403_and_400_are_final_with_telegram_s_reason(fake_telegram, answer, reason):
    fake_telegram.send_responses.append(answer)

    result = _hello()

    status = answer[0]
    assert (result.ok, result.final, result.transient, result.retry_after) == (False, True, False, None)
    assert result.error == f"Telegram refused the message ({status}): {reason}"
    assert len(fake_telegram.sent("sendMessage")) == 1


def test_a_5xx_is_transient(fake_telegram):
    fake_telegram.send_responses.append(SERVER_ERROR)

    result = _hello()

    assert (result.final, result.transient, result.retry_after) == (False, True, None)
    assert result.error == "Telegram answered 502: Bad Gateway"


def test_a_wrong_token_is_transient_so_hr_can_fix_it_without_losing_the_message(fake_telegram, settings):
    settings.TELEGRAM_BOT_TOKEN = "123456:WRONG-token"  # the fake answers 401 Unauthorized

    result = _hello()

    assert (result.status_code, result.final, result.transient) == (401, False, True)
    assert fake_telegram.sent() == []


def test_a_network_error_is_transient(settings):
    settings.TELEGRAM_API_BASE_URL = "http://127.0.0.1:9"  # nothing listens on the discard port

    result = _hello()

    assert (result.status_code, result.final, result.transient) == (None, False, True)
    assert result.error == "Network error talking to Telegram: ConnectionError"


def test_a_second_message_to_a_chat_in_the_same_second_waits_for_the_next_one(fake_telegram, telegram_clock):
    assert _hello().ok
    assert _hello().ok  # waited for the next second's slot

    assert telegram_clock.slept == [pytest.approx(0.75)]
    first, second = fake_telegram.sent("sendMessage")
    assert second.at >= first.at


def test_a_wait_longer_than_max_wait_sends_nothing_and_says_how_long(fake_telegram, telegram_clock):
    assert _hello().ok

    held = _hello(max_wait=0.5)

    assert (held.ok, held.held_back, held.transient) == (False, True, True)
    assert held.retry_after == pytest.approx(0.75)
    assert held.error == "Telegram rate limit: waiting 0.8 s for a free slot."
    assert telegram_clock.slept == []
    assert len(fake_telegram.sent("sendMessage")) == 1


def test_at_most_thirty_messages_a_second_go_out_in_all(fake_telegram, telegram_clock):
    results = [_hello(chat_id=chat_id, max_wait=0) for chat_id in range(1, rate_limits.GLOBAL_PER_SECOND + 2)]

    assert [r.ok for r in results].count(True) == rate_limits.GLOBAL_PER_SECOND
    assert results[-1].held_back
    assert len(fake_telegram.sent("sendMessage")) == rate_limits.GLOBAL_PER_SECOND


def test_a_document_goes_multipart_with_its_content_type_and_the_markup_as_json(fake_telegram):
    markup = {"inline_keyboard": [[{"text": "Confirm", "callback_data": "iv:ok:1"}]]}

    result = telegram.send(
        "sendDocument",
        CHAT,
        params={"caption": "Your interview", "reply_markup": markup},
        files={"document": ("interview.ics", b"BEGIN:VCALENDAR", "text/calendar")},
    )

    assert result.ok
    [call] = fake_telegram.sent("sendDocument", chat_id=CHAT)
    assert (call.params["caption"], call.reply_markup) == ("Your interview", markup)
    assert call.params["document"] == {
        "filename": "interview.ics",
        "content": b"BEGIN:VCALENDAR",
        "content_type": "text/calendar",
    }


def test_call_reaches_a_method_that_sends_nothing_to_a_chat(fake_telegram, telegram_clock):
    result = telegram.call("getMe")

    assert (result.ok, result.result["username"]) == (True, "recruitment_test_bot")
    assert [c.method for c in fake_telegram.calls] == ["getMe"]


def test_the_token_never_reaches_the_logs_or_the_error(fake_telegram, settings, caplog):
    caplog.set_level(logging.DEBUG)
    fake_telegram.send_responses.extend([RATE_LIMITED, BLOCKED])
    results = [_hello(chat_id=1), _hello(chat_id=2), _hello(chat_id=3), telegram.call("getMe")]
    settings.TELEGRAM_API_BASE_URL = "http://127.0.0.1:9"
    results.append(_hello(chat_id=4))

    ours = [r for r in caplog.records if r.name.startswith("messaging")]
    assert ours, "the transport logged what it did"
    for text in [r.getMessage() for r in ours] + [r.error for r in results]:
        assert TOKEN not in text and TOKEN.split(":")[1] not in text
