"""The one way the server talks to the Telegram Bot API over plain HTTP (candidate messages, interview
documents, HR notifications, the bot's username). The bot's own replies go through python-telegram-bot.

`send` is for a message to a chat: it first takes a slot from the shared limiter
(`messaging.rate_limits`: about one message a second per chat, 30 in all, across every worker), and
after a 429 it pauses that chat for Telegram's `retry_after`, so every worker holds its messages to
it. `call` is for a method that sends nothing to a chat (getMe): no chat limits.

Both answer with a `SendResult` and never raise for what Telegram or the network did. A failure is
either final (403: the user blocked the bot; 400: chat not found, bad request...; retrying the same
request cannot help) or transient (network errors, 5xx, and 401/404, which mean the token is wrong:
HR can fix the token without losing the message). A 429, or no free slot within `max_wait`, is
transient with `retry_after`: the seconds to wait before the next try.

The request URL contains the bot token: nothing here logs it or an exception's text (which quotes
the URL), only the method, the HTTP status and the exception's type.
"""

import json
import logging
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings

from messaging import rate_limits

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT, READ_TIMEOUT = 5, 20
DEFAULT_MAX_WAIT_SECONDS = 1.5
DEFAULT_RETRY_AFTER_SECONDS = 5.0  # a 429 that does not say how long to wait

# A file to upload: field name -> (file name, content, content type).
Files = dict[str, tuple[str, bytes, str]]


@dataclass(frozen=True)
class SendResult:
    """What came of one request. `status_code` is None when Telegram did not answer (a network
    error) or was not asked (`held_back`: the limiter had no slot within `max_wait`)."""

    ok: bool
    message_id: int | None = None
    retry_after: float | None = None
    error: str = ""
    final: bool = False
    status_code: int | None = None
    held_back: bool = False
    result: Any = None  # Telegram's `result` on success (the Message, the User of getMe...)

    @property
    def transient(self) -> bool:
        """Failed, but trying again (after `retry_after`, or a backoff) may work."""
        return not self.ok and not self.final


def bot_api_url(method: str) -> str:
    """The Bot API address of `method` for the configured bot. It contains the token: never log it."""
    base = settings.TELEGRAM_API_BASE_URL.rstrip("/")
    return f"{base}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}"


def send(
    method: str,
    chat_id: int,
    *,
    params: dict | None = None,
    files: Files | None = None,
    max_wait: float = DEFAULT_MAX_WAIT_SECONDS,
) -> SendResult:
    """Call `method` (sendMessage, sendDocument...) for `chat_id` within Telegram's sending limits.

    Waits (sleeps) up to `max_wait` seconds for a slot; when the wait would be longer, nothing is
    sent and the result says `held_back` with the `retry_after` to wait. With `files` the request is
    multipart (nested values of `params`, such as reply_markup, JSON-encoded), else JSON."""
    wait = rate_limits.limiter.wait_for_slot(chat_id, max_wait=max_wait)
    if wait > 0:
        error = f"Telegram rate limit: waiting {wait:.1f} s for a free slot."
        return SendResult(ok=False, retry_after=wait, error=error, held_back=True)
    result = _request(method, {"chat_id": chat_id, **(params or {})}, files, (CONNECT_TIMEOUT, READ_TIMEOUT))
    if result.status_code == 429:
        rate_limits.limiter.pause_chat(chat_id, result.retry_after)
    return result


def call(
    method: str, params: dict | None = None, *, timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT)
) -> SendResult:
    """Call a Bot API method that sends nothing to a chat (getMe...): no chat limits apply."""
    return _request(method, params or {}, None, timeout)


def _request(method: str, params: dict, files: Files | None, timeout: tuple[float, float]) -> SendResult:
    try:
        if files:
            response = requests.post(bot_api_url(method), data=_form(params), files=files, timeout=timeout)
        else:
            response = requests.post(bot_api_url(method), json=params, timeout=timeout)
    except requests.RequestException as error:
        # The exception's text quotes the URL, token included: only its type is kept.
        logger.debug("Bot API %s: %s", method, type(error).__name__)
        return SendResult(ok=False, error=f"Network error talking to Telegram: {type(error).__name__}")
    logger.debug("Bot API %s answered %s", method, response.status_code)
    return _result_of(response)


def _form(params: dict) -> dict:
    """multipart fields are strings: nested values (reply_markup) go JSON-encoded, as Telegram expects."""
    return {
        key: json.dumps(value) if isinstance(value, dict | list) else value for key, value in params.items()
    }


def _result_of(response: requests.Response) -> SendResult:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    status = response.status_code
    description = str(body.get("description") or response.reason or "")
    if status == 200 and body.get("ok"):
        result = body.get("result")
        message_id = result.get("message_id") if isinstance(result, dict) else None
        return SendResult(ok=True, message_id=message_id, status_code=status, result=result)
    if status == 429:
        retry_after = _retry_after(response, body)
        error = f"Telegram rate limit: retrying in {retry_after:.0f} s."
        return SendResult(ok=False, retry_after=retry_after, error=error, status_code=status)
    if status >= 500 or status in (401, 404):
        # 5xx: Telegram's trouble. 401/404: the token is wrong, which HR can fix without losing the message.
        return SendResult(ok=False, error=f"Telegram answered {status}: {description}", status_code=status)
    # 403 (the user blocked the bot), 400 (chat not found, ...): the same request will be refused again.
    error = f"Telegram refused the message ({status}): {description}"
    return SendResult(ok=False, error=error, final=True, status_code=status)


def _retry_after(response: requests.Response, body: dict) -> float:
    """Telegram's `parameters.retry_after`, else the Retry-After header, at least a second."""
    parameters = body.get("parameters")
    if not isinstance(parameters, dict):
        parameters = {}
    for value in (parameters.get("retry_after"), response.headers.get("Retry-After")):
        try:
            if value is not None:
                return max(1.0, float(value))
        except (TypeError, ValueError):
            continue
    return DEFAULT_RETRY_AFTER_SECONDS
