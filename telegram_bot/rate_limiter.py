"""The bot's own replies go out within the limits of every other sender to Telegram.

python-telegram-bot hands each Bot API call of the Application to `process_request`. A call that
targets a chat (its parameters have `chat_id`: sendMessage, editMessageText, sendDocument...) first
takes a slot from `messaging.rate_limits.limiter`, the limiter of the outbound sender: one message
per second to a chat and 30 per second in all, counted in the shared cache, so the bot and the
Celery workers share one budget. A 429 pauses the chat there for Telegram's `retry_after` (the
workers hold their messages to it too) and the reply is sent again after the pause, at most
`max_retries` times. Calls without a chat (getUpdates, getMe, answerCallbackQuery, getFile,
setMyCommands) are not limited.

The cache calls may block (Redis), so they run in a thread; the waiting is done on the event loop,
so a chat that waits holds up no other chat.
"""

import asyncio
import datetime as dt
import logging
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from messaging import rate_limits

logger = logging.getLogger(__name__)
MAX_RETRIES = 2
# A chat paused longer than this (a flood ban) is tried anyway: Telegram's 429 then decides.
MAX_WAIT_SECONDS = 60.0

Sleep = Callable[[float], Awaitable[None]]
ApiCall = Callable[..., Coroutine[Any, Any, Any]]


def _chat_of(data: dict[str, Any]) -> int | None:
    """The numeric chat a call targets; None for calls without one (or a channel's @username)."""
    try:
        return int(data["chat_id"])
    except (KeyError, TypeError, ValueError):
        return None


def _retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # an int until PTB_TIMEDELTA: both are fine here
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        retry_after = error.retry_after
    if isinstance(retry_after, dt.timedelta):
        return retry_after.total_seconds()
    return float(retry_after)


class SharedRateLimiter(BaseRateLimiter[None]):
    def __init__(self, *, sleep: Sleep = asyncio.sleep, max_retries: int = MAX_RETRIES) -> None:
        # `sleep` waits on the limiter's clock: a test that drives that clock passes its own.
        self._sleep = sleep
        self._max_retries = max_retries

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: ApiCall,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Any:
        chat_id = _chat_of(data)
        if chat_id is None:
            return await callback(*args, **kwargs)
        retries = 0
        while True:
            await self._wait_for_slot(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                seconds = _retry_after_seconds(error)
                await asyncio.to_thread(rate_limits.limiter.pause_chat, chat_id, seconds)
                if retries == self._max_retries:
                    logger.warning(
                        "Telegram still answers 429 to %s in chat %s: giving up", endpoint, chat_id
                    )
                    raise
                retries += 1
                logger.info(
                    "Telegram answered 429 to %s in chat %s: retrying in %.1f s", endpoint, chat_id, seconds
                )
                # Waited here as well: without the cache the pause is not stored, and a 429 is obeyed.
                await self._sleep(seconds)

    async def _wait_for_slot(self, chat_id: int) -> None:
        waited = 0.0
        while (wait := await asyncio.to_thread(rate_limits.limiter.reserve_send_slot, chat_id)) > 0:
            if waited + wait > MAX_WAIT_SECONDS:
                logger.warning("Chat %s is paused for %.0f s more: sending anyway", chat_id, wait)
                return
            await self._sleep(wait)
            waited += wait
