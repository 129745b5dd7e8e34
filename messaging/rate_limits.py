"""Telegram's sending limits, shared by every worker through the Django cache (Redis when configured).

Telegram allows about one message per second to one chat and about 30 per second overall. Each
send reserves a slot in both fixed one-second windows; a caller that gets no slot is told how long
to wait. After a 429 the chat is paused for Telegram's `retry_after`. When the cache is down the
limiter lets messages through (Telegram's own 429 then slows us down) rather than stopping delivery.
"""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)
GLOBAL_PER_SECOND = 30
WINDOW_TTL_SECONDS = 3


def _pause_key(chat_id: int) -> str:
    return f"telegram-rate:pause:{chat_id}"


def reserve_send_slot(chat_id: int, *, now: float | None = None) -> float:
    """Reserve the right to send one message to the chat now. Returns 0, or the seconds to wait."""
    now = time.time() if now is None else now
    second = int(now)
    until_next_window = (second + 1) - now
    try:
        paused_until = cache.get(_pause_key(chat_id))
        if paused_until and paused_until > now:
            return paused_until - now
        global_key = f"telegram-rate:global:{second}"
        cache.add(global_key, 0, timeout=WINDOW_TTL_SECONDS)
        if cache.incr(global_key) > GLOBAL_PER_SECOND:
            return until_next_window
        if not cache.add(f"telegram-rate:chat:{chat_id}:{second}", 1, timeout=WINDOW_TTL_SECONDS):
            return until_next_window
    except Exception:
        logger.warning("The Telegram rate limiter cannot reach the cache; sending anyway", exc_info=True)
    return 0.0


def pause_chat(chat_id: int, seconds: float, *, now: float | None = None) -> None:
    """Telegram answered 429 for this chat: hold every worker's messages to it for `seconds`."""
    now = time.time() if now is None else now
    try:
        cache.set(_pause_key(chat_id), now + seconds, timeout=int(seconds) + 1)
    except Exception:
        logger.warning("Could not store the Telegram pause for chat %s", chat_id, exc_info=True)
