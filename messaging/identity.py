"""Who the bot is: its username (from the Bot API's getMe), for links such as t.me/<username>?start=...

Cached in the shared cache: a day when known, a minute when Telegram could not say (so a page
that shows the link does not call Telegram on every view, and recovers soon after an outage).
"""

import logging

from django.conf import settings
from django.core.cache import cache

from messaging import telegram

logger = logging.getLogger(__name__)

CACHE_KEY = "telegram:bot-username"
KNOWN_SECONDS, UNKNOWN_SECONDS = 24 * 3600, 60
TIMEOUT = (2, 3)


def _get_me_username() -> str:
    if not settings.TELEGRAM_BOT_TOKEN:
        return ""
    answer = telegram.call("getMe", timeout=TIMEOUT)
    if not answer.ok:
        logger.warning("getMe failed, the bot's username is unknown for now: %s", answer.error)
        return ""
    result = answer.result if isinstance(answer.result, dict) else {}
    return str(result.get("username") or "")


def bot_username() -> str:
    """The bot's @username without the @, or "" when no bot is configured or Telegram did not say."""
    try:
        cached = cache.get(CACHE_KEY)
    except Exception:
        logger.warning("Cache unavailable: asking Telegram for the bot's username", exc_info=True)
        cached = None
    if cached is not None:
        return cached
    username = _get_me_username()
    try:
        cache.set(CACHE_KEY, username, KNOWN_SECONDS if username else UNKNOWN_SECONDS)
    except Exception:
        logger.warning("Cache unavailable: the bot's username is not cached", exc_info=True)
    return username


def bot_start_link(payload: str) -> str:
    """https://t.me/<bot>?start=<payload>, or "" when the bot's username is unknown."""
    username = bot_username()
    return f"https://t.me/{username}?start={payload}" if username else ""
