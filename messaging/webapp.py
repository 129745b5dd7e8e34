"""Telegram Mini Apps: checking the `initData` a Mini App page receives, as Telegram documents it
("Validating data received via the Mini App"):

    secret_key = HMAC_SHA256(key="WebAppData", message=<bot token>)
    hash       = hex(HMAC_SHA256(key=secret_key, message=<data-check-string>))

where the data-check-string is every received field but `hash`, as `key=value`, sorted by key and
joined by line feeds. `auth_date` must be recent (TELEGRAM_INIT_DATA_MAX_AGE_SECONDS), so a copied
initData cannot be replayed for ever. Only then is `user` (JSON) trusted.
"""

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qsl

from django.conf import settings

MAX_INIT_DATA_CHARS = 4096


class InvalidInitData(ValueError):
    """The initData is missing, malformed, not signed with this bot's token, or too old."""


def _data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def init_data_sign(fields: dict[str, str], *, bot_token: str) -> str:
    """The `hash` Telegram puts in initData for these fields (used to check it, and by tests)."""
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    return hmac.new(secret, _data_check_string(fields).encode(), hashlib.sha256).hexdigest()


def init_data_user(init_data: str, *, now: float | None = None) -> dict:
    """The Telegram user (`id`, `first_name`, ...) of a valid initData; InvalidInitData otherwise."""
    token = settings.TELEGRAM_BOT_TOKEN
    if not token:
        raise InvalidInitData("The Telegram bot is not configured.")
    if not init_data or len(init_data) > MAX_INIT_DATA_CHARS:
        raise InvalidInitData("The Telegram data is missing or too long.")
    fields = dict(parse_qsl(init_data, keep_blank_values=True, strict_parsing=False))
    received = fields.get("hash", "")
    if not received or not hmac.compare_digest(received, init_data_sign(fields, bot_token=token)):
        raise InvalidInitData("The Telegram data is not signed by this bot.")
    try:
        auth_date = int(fields.get("auth_date", ""))
    except ValueError:
        raise InvalidInitData("The Telegram data has no valid auth_date.") from None
    age = (time.time() if now is None else now) - auth_date
    if age > settings.TELEGRAM_INIT_DATA_MAX_AGE_SECONDS or age < -60:
        raise InvalidInitData("The Telegram data has expired: open the test from the bot again.")
    try:
        user = json.loads(fields.get("user", ""))
    except ValueError:
        raise InvalidInitData("The Telegram data has no user.") from None
    if not isinstance(user, dict) or not isinstance(user.get("id"), int):
        raise InvalidInitData("The Telegram data has no user.")
    return user
