"""Outbound sending limits, shared by every worker through the Django cache (Redis when configured):
Telegram's (below) and the e-mail budget (`EmailRateLimiter`, at the end).

Telegram allows about one message per second to one chat and about 30 per second overall. Each
send reserves a slot in both fixed one-second windows; a caller that gets no slot is told how long
to wait. After a 429 the chat is paused for Telegram's `retry_after`. When the cache is down the
limiter lets messages through (Telegram's own 429 then slows us down) rather than stopping delivery.

The limiter reads the time from its `clock` and waits with its `sleep` (the real ones by default),
so a test drives the windows with a clock of its own instead of real seconds.
"""

import logging
import time
from collections.abc import Callable

from django.core.cache import cache

logger = logging.getLogger(__name__)
GLOBAL_PER_SECOND = 30
WINDOW_TTL_SECONDS = 3


def _pause_key(chat_id: int) -> str:
    return f"telegram-rate:pause:{chat_id}"


class TelegramRateLimiter:
    def __init__(
        self, clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.clock, self.sleep = clock, sleep

    def reserve_send_slot(self, chat_id: int) -> float:
        """Reserve the right to send one message to the chat now. Returns 0, or the seconds to wait."""
        now = self.clock()
        second = int(now)
        until_next_window = (second + 1) - now
        try:
            paused_until = cache.get(_pause_key(chat_id))
            if paused_until and paused_until > now:
                return paused_until - now
            # The chat's slot first: a chat that must wait spends none of the global budget.
            chat_key = f"telegram-rate:chat:{chat_id}:{second}"
            if not cache.add(chat_key, 1, timeout=WINDOW_TTL_SECONDS):
                return until_next_window
            global_key = f"telegram-rate:global:{second}"
            cache.add(global_key, 0, timeout=WINDOW_TTL_SECONDS)
            if cache.incr(global_key) > GLOBAL_PER_SECOND:
                cache.delete(chat_key)  # not sent: the chat may take this second again
                return until_next_window
        except Exception:
            logger.warning("The Telegram rate limiter cannot reach the cache; sending anyway", exc_info=True)
        return 0.0

    def wait_for_slot(self, chat_id: int, *, max_wait: float) -> float:
        """Reserve a slot, waiting for it up to `max_wait` seconds in all. Returns 0 once reserved, or
        the seconds still to wait when that is longer (the caller retries later instead)."""
        waited = 0.0
        while (wait := self.reserve_send_slot(chat_id)) > 0:
            if waited + wait > max_wait:
                return wait
            self.sleep(wait)
            waited += wait
        return 0.0

    def pause_chat(self, chat_id: int, seconds: float) -> None:
        """Telegram answered 429 for this chat: hold every worker's messages to it for `seconds`."""
        try:
            cache.set(_pause_key(chat_id), self.clock() + seconds, timeout=int(seconds) + 1)
        except Exception:
            logger.warning("Could not store the Telegram pause for chat %s", chat_id, exc_info=True)


class EmailRateLimiter:
    """A global per-installation budget of e-mails a minute (EMAIL_RATE_PER_MINUTE), in fixed
    one-minute windows, so a bulk send does not get the mail server (or the provider's quota) to
    refuse or throttle us. Like the Telegram limiter it reads the time from its `clock` and lets
    messages through when the cache is down."""

    WINDOW_SECONDS = 60

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock

    def reserve_send_slot(self, *, per_minute: int) -> float:
        """Reserve one e-mail of this minute's budget. Returns 0, or the seconds to the next minute."""
        now = self.clock()
        window = int(now // self.WINDOW_SECONDS)
        key = f"email-rate:global:{window}"
        try:
            cache.add(key, 0, timeout=self.WINDOW_SECONDS * 2)
            if cache.incr(key) > per_minute:
                return (window + 1) * self.WINDOW_SECONDS - now
        except Exception:
            logger.warning("The e-mail rate limiter cannot reach the cache; sending anyway", exc_info=True)
        return 0.0


# The limiter of the Bot API transport (messaging.telegram).
limiter = TelegramRateLimiter()
# The limiter of the e-mail transport (messaging.email_transport).
email_limiter = EmailRateLimiter()
