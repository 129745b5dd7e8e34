"""The bot's replies take their slots from the outbound sender's limiter (1/s per chat, 30/s in all,
shared through the cache) and wait out a 429; calls without a chat are never held.

The limiter runs on `telegram_clock`: a wait is recorded in `slept` and the time passes at once."""

import asyncio

import pytest
from telegram.error import RetryAfter
from telegram.ext import ExtBot

from messaging import rate_limits
from telegram_bot.rate_limiter import SharedRateLimiter
from tests.fake_telegram import RATE_LIMITED, TOKEN

CHAT, OTHER_CHAT = 4201, 4202


def _run(fake_telegram, clock, calls):
    """Make the Bot API calls `calls(bot)` through a bot limited by SharedRateLimiter."""

    async def main():
        bot = ExtBot(
            token=TOKEN,
            base_url=f"{fake_telegram.base_url}/bot",
            rate_limiter=SharedRateLimiter(sleep=clock.asleep),
        )
        async with bot:
            return await calls(bot)

    return asyncio.run(main())


@pytest.fixture
def limited(fake_telegram, telegram_clock, local_cache):
    return lambda calls: _run(fake_telegram, telegram_clock, calls)


def _texts(fake_telegram, chat_id=None) -> list[str]:
    return [call.text for call in fake_telegram.sent("sendMessage", chat_id=chat_id)]


def test_two_replies_to_one_chat_within_a_second_are_a_second_window_apart(
    limited, fake_telegram, telegram_clock
):
    async def calls(bot):
        await bot.send_message(CHAT, "first")
        await bot.send_message(CHAT, "second")
        await bot.send_message(OTHER_CHAT, "another chat")

    limited(calls)

    assert telegram_clock.slept == [0.75]  # from 12:00:00.25 to the next second
    assert _texts(fake_telegram) == ["first", "second", "another chat"]


def test_a_reply_waits_for_the_slot_the_outbound_sender_took_in_that_chat(
    limited, fake_telegram, telegram_clock
):
    assert rate_limits.limiter.reserve_send_slot(CHAT) == 0  # a Celery worker sends to the chat

    limited(lambda bot: bot.send_message(CHAT, "reply"))

    assert telegram_clock.slept == [0.75]
    assert _texts(fake_telegram) == ["reply"]


def test_a_429_pauses_the_chat_for_every_sender_and_the_reply_goes_out_after_it(
    limited, fake_telegram, telegram_clock
):
    started = telegram_clock.now
    fake_telegram.send_responses.append(RATE_LIMITED)  # retry_after: 3

    message = limited(lambda bot: bot.send_message(CHAT, "reply"))

    assert message.text == "reply"
    assert _texts(fake_telegram) == ["reply", "reply"]
    assert telegram_clock.slept == [3.0]
    telegram_clock.now = started + 1  # back to a moment within the pause: the outbound sender waits too
    assert rate_limits.limiter.reserve_send_slot(CHAT) == pytest.approx(2.0)


def test_a_reply_that_keeps_getting_429_gives_up_after_two_retries(limited, fake_telegram, telegram_clock):
    fake_telegram.send_responses.extend([RATE_LIMITED] * 3)

    with pytest.raises(RetryAfter):
        limited(lambda bot: bot.send_message(CHAT, "reply"))

    assert len(fake_telegram.sent("sendMessage")) == 3
    assert telegram_clock.slept == [3.0, 3.0]


def test_calls_without_a_chat_are_never_held(limited, fake_telegram, telegram_clock):
    for chat_id in range(rate_limits.GLOBAL_PER_SECOND):  # the workers used this second's 30 slots
        assert rate_limits.limiter.reserve_send_slot(1000 + chat_id) == 0

    async def calls(bot):
        await bot.get_me()
        await bot.answer_callback_query("cq-1")
        await bot.set_my_commands([("help", "What I can do")])
        assert telegram_clock.slept == []
        await bot.send_message(CHAT, "reply")

    limited(calls)

    assert telegram_clock.slept == [0.75]
    assert [call.method for call in fake_telegram.calls][-4:] == [
        "getMe",
        "answerCallbackQuery",
        "setMyCommands",
        "sendMessage",
    ]


def test_a_429_on_a_bot_reply_is_waited_out_and_the_reply_arrives(
    local_cache, telegram_clock, bot, chat, fake_telegram
):
    fake_telegram.send_responses.append(RATE_LIMITED)

    chat.send("/help")

    refused, sent = chat.replies(2)
    assert refused.text == sent.text
    assert sent.text.startswith("/start")
    assert telegram_clock.slept == [3.0]


def test_two_bot_replies_to_one_chat_within_a_second_are_spaced_by_the_limiter(
    local_cache, telegram_clock, bot, chat
):
    chat.send("/help")
    chat.send("/help")

    first, second = chat.replies(2)
    assert first.text == second.text
    assert telegram_clock.slept == [0.75]
