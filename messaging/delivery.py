"""Sending one outbound message to Telegram: sendMessage, or sendDocument for a message with a file,
through the Bot API transport (`messaging.telegram`, which keeps Telegram's sending limits).

Exactly-once as far as Telegram allows it:
- The status is checked before sending and only a `queued` message is sent; the row is marked
  `sent` right after Telegram accepted it, so a task retried or redelivered after a successful
  send (acks_late, a worker lost later, the sweeper) finds it `sent` and sends nothing.
- Two tasks for the same message (a redelivery and a sweep) cannot send in parallel: each holds a
  per-message claim in the cache while it sends.
- If the database write after a successful send fails, a marker in the cache records the success
  and the next try marks the row sent instead of sending again.
- What remains (documented, accepted): a crash of the process between Telegram accepting the
  message and the row being marked (a few milliseconds), or a network timeout after Telegram
  received the request, leaves the message `queued` and it is sent again on the next try. The Bot
  API has no idempotency key, so the only alternative would be at-most-once (possibly never sent),
  which is worse for an HR reply.
"""

import logging
import mimetypes
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError

from messaging import services, telegram
from messaging.models import DeliveryStatus, Message, MessageDirection

logger = logging.getLogger(__name__)

NOT_CONFIGURED = "Telegram bot is not configured (TELEGRAM_BOT_TOKEN is not set); the message stays queued."
CLAIM_SECONDS = telegram.CONNECT_TIMEOUT + telegram.READ_TIMEOUT + 10
SENT_MARKER_SECONDS = 7 * 24 * 3600
MAX_TRANSIENT_ATTEMPTS = 10
BACKOFF_BASE_SECONDS, BACKOFF_MAX_SECONDS = 5, 600
MAX_INLINE_WAIT_SECONDS = 1.5


@dataclass(frozen=True)
class Outcome:
    """What happened; `retry_in` is set when the task should run again after that many seconds."""

    result: str  # sent | done | failed | queued | retry
    retry_in: float | None = None
    detail: str = ""


def backoff_seconds(attempt: int) -> float:
    delay = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempt - 1))
    return delay * random.uniform(1.0, 1.2)


def _claim_key(message_id) -> str:
    return f"telegram-send:claim:{message_id}"


def _sent_marker_key(message_id) -> str:
    return f"telegram-send:sent:{message_id}"


def _markup(message: Message) -> dict | None:
    if not message.buttons:
        return None
    rows = [[_inline_button(button) for button in row] for row in message.buttons]
    return {"inline_keyboard": rows}


def _inline_button(button: dict) -> dict:
    if button.get("data"):
        return {"text": button["text"], "callback_data": button["data"]}
    if button.get("web_app"):
        return {"text": button["text"], "web_app": {"url": button["web_app"]}}
    return {"text": button["text"], "url": button["url"]}


def document_content_type(name: str) -> str:
    """The document's media type from its name (interview.ics: text/calendar), else an octet stream."""
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _post(message: Message) -> telegram.SendResult:
    """sendMessage, or sendDocument (multipart, the text as caption) when the message has a file."""
    chat_id, markup = message.telegram_chat_id, _markup(message)
    extra = {"reply_markup": markup} if markup else {}
    if message.document_name:
        name = message.document_name
        files = {"document": (name, message.document_content.encode(), document_content_type(name))}
        params = {"caption": message.text, **extra}
        return telegram.send(
            "sendDocument", chat_id, params=params, files=files, max_wait=MAX_INLINE_WAIT_SECONDS
        )
    params = {"text": message.text, **extra}
    return telegram.send("sendMessage", chat_id, params=params, max_wait=MAX_INLINE_WAIT_SECONDS)


def _load(message_id) -> Message | None:
    try:
        return Message.objects.filter(pk=message_id, direction=MessageDirection.OUTBOUND).first()
    except ValidationError:  # not a UUID: nothing to send
        return None


def deliver(message_id) -> Outcome:
    message = _load(message_id)
    if message is None or message.delivery_status != DeliveryStatus.QUEUED:
        return Outcome("done", detail="not queued (already sent, failed or deleted)")
    recorded = cache.get(_sent_marker_key(message.pk))
    if recorded is not None:
        services.message_mark_sent(message=message, telegram_message_id=recorded or None)
        return Outcome("done", detail="sent before; recorded now")
    if not settings.TELEGRAM_BOT_TOKEN:
        services.message_delivery_note(message=message, error=NOT_CONFIGURED)
        return Outcome("queued", detail=NOT_CONFIGURED)
    if message.telegram_chat_id is None:
        services.message_mark_failed(message=message, error="The candidate has no Telegram chat.")
        return Outcome("failed", detail="no chat")
    if not cache.add(_claim_key(message.pk), 1, timeout=CLAIM_SECONDS):
        return Outcome("retry", retry_in=CLAIM_SECONDS, detail="another worker is sending it")
    try:
        # Re-read under the claim: the other worker may have finished just before we got it.
        message = _load(message_id)
        if message is None or message.delivery_status != DeliveryStatus.QUEUED:
            return Outcome("done", detail="not queued")
        return _send(message)
    finally:
        cache.delete(_claim_key(message_id))


def _send(message: Message) -> Outcome:
    result = _post(message)
    if result.held_back:  # no slot within the inline wait: nothing went to Telegram
        return Outcome("retry", retry_in=result.retry_after, detail="rate limit")
    if result.ok:
        _record_sent(message, result.message_id)
        return Outcome("sent")
    if result.retry_after is not None:  # 429: the transport paused the chat for every worker
        services.message_delivery_attempted(message=message, error=result.error)
        return Outcome("retry", retry_in=result.retry_after, detail="429")
    if result.transient:
        return _transient(message, message.delivery_attempts + 1, result.error)
    logger.warning("Message %s failed: %s", message.pk, result.error)
    services.message_delivery_attempted(message=message, error=result.error)
    services.message_mark_failed(message=message, error=result.error)
    return Outcome("failed", detail=result.error)


def _record_sent(message: Message, telegram_message_id: int | None) -> None:
    try:
        services.message_mark_sent(message=message, telegram_message_id=telegram_message_id)
    except DatabaseError:
        # Sent but not recorded: remember it where the next try looks first, then let the task retry.
        cache.set(_sent_marker_key(message.pk), telegram_message_id or 0, timeout=SENT_MARKER_SECONDS)
        raise
    logger.info("Message %s sent to chat %s", message.pk, message.telegram_chat_id)


def _transient(message: Message, attempt: int, error: str) -> Outcome:
    logger.warning("Message %s: %s (attempt %s)", message.pk, error, attempt)
    if attempt >= MAX_TRANSIENT_ATTEMPTS:
        final = f"Gave up after {attempt} attempts. Last error: {error}"
        services.message_delivery_attempted(message=message, error=final)
        services.message_mark_failed(message=message, error=final)
        return Outcome("failed", detail=final)
    services.message_delivery_attempted(message=message, error=error)
    return Outcome("retry", retry_in=backoff_seconds(attempt), detail=error)
