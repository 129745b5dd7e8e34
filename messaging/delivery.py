"""Sending one outbound message through its channel's transport (`messaging.transports`: Telegram,
e-mail, MAX...). This module owns what every channel shares: states, claims, retries.

Exactly-once as far as the channel allows it (Telegram's words below; e-mail and MAX alike):
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
import random
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError

from messaging import services, transports
from messaging.models import DeliveryStatus, Message, MessageDirection

logger = logging.getLogger(__name__)

SENT_MARKER_SECONDS = 7 * 24 * 3600
MAX_TRANSIENT_ATTEMPTS = 10
BACKOFF_BASE_SECONDS, BACKOFF_MAX_SECONDS = 5, 600


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
        services.message_mark_sent(message=message, external_id=str(recorded or ""))
        return Outcome("done", detail="sent before; recorded now")
    transport = transports.transport_for(message.channel)
    if transport is None:
        error = f"No transport for the {message.channel} channel."
        services.message_mark_failed(message=message, error=error)
        return Outcome("failed", detail=error)
    if not transport.configured():
        services.message_delivery_note(message=message, error=transport.not_configured_reason())
        return Outcome("queued", detail=transport.not_configured_reason())
    if not cache.add(_claim_key(message.pk), 1, timeout=transport.claim_seconds):
        return Outcome("retry", retry_in=transport.claim_seconds, detail="another worker is sending it")
    try:
        # Re-read under the claim: the other worker may have finished just before we got it.
        message = _load(message_id)
        if message is None or message.delivery_status != DeliveryStatus.QUEUED:
            return Outcome("done", detail="not queued")
        return _send(transport, message)
    finally:
        cache.delete(_claim_key(message_id))


def _send(transport: transports.Transport, message: Message) -> Outcome:
    result = transport.send(message)
    if result.held_back:  # no slot within the inline wait: nothing was sent
        return Outcome("retry", retry_in=result.retry_after, detail="rate limit")
    if result.ok:
        _record_sent(message, result.external_id)
        return Outcome("sent")
    if result.retry_after is not None:  # the channel's 429: the transport paused the chat for every worker
        services.message_delivery_attempted(message=message, error=result.error)
        return Outcome("retry", retry_in=result.retry_after, detail="429")
    if result.transient:
        return _transient(message, message.delivery_attempts + 1, result.error)
    logger.warning("Message %s failed: %s", message.pk, result.error)
    services.message_delivery_attempted(message=message, error=result.error)
    services.message_mark_failed(message=message, error=result.error)
    if result.address_dead and message.candidate_channel_id is not None:
        services.channel_mark_bounced(channel_id=message.candidate_channel_id, reason=result.error)
    return Outcome("failed", detail=result.error)


def _record_sent(message: Message, external_id: str) -> None:
    try:
        services.message_mark_sent(message=message, external_id=external_id)
    except DatabaseError:
        # Sent but not recorded: remember it where the next try looks first, then let the task retry.
        cache.set(_sent_marker_key(message.pk), external_id, timeout=SENT_MARKER_SECONDS)
        raise
    logger.info("Message %s sent through %s", message.pk, message.channel)


def _transient(message: Message, attempt: int, error: str) -> Outcome:
    logger.warning("Message %s: %s (attempt %s)", message.pk, error, attempt)
    if attempt >= MAX_TRANSIENT_ATTEMPTS:
        final = f"Gave up after {attempt} attempts. Last error: {error}"
        services.message_delivery_attempted(message=message, error=final)
        services.message_mark_failed(message=message, error=final)
        return Outcome("failed", detail=final)
    services.message_delivery_attempted(message=message, error=error)
    return Outcome("retry", retry_in=backoff_seconds(attempt), detail=error)
