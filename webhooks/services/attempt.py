"""Sending one attempt of a delivery: claim its lease, POST outside any transaction, record the outcome.

A worker takes the lease in a short transaction (`SELECT ... FOR UPDATE SKIP LOCKED` where the
database has it), so two workers never send the same attempt at once; one that dies keeps the lease
until it expires, and then the sweeper hands the delivery to another worker.
"""

import datetime as dt
import logging
import random
import time
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from webhooks import signals
from webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus, Endpoint, EventType
from webhooks.services import broker, leases
from webhooks.services.recovery import endpoint_recovered
from webhooks.services.signing import signed_request

logger = logging.getLogger(__name__)

GONE_REASON = "The endpoint answered 410 Gone."
CONNECT_TIMEOUT_SECONDS = 3
READ_TIMEOUT_SECONDS = 10
RESPONSE_BODY_LIMIT = 1024
# Retries this short are queued with a countdown; longer ones wait for the sweeper (a broker holds
# far-future tasks badly: Redis redelivers unacked ETA tasks after its visibility timeout).
COUNTDOWN_LIMIT_SECONDS = 60
JITTER = 0.2
INTERRUPTED = "Interrupted: the worker stopped before it recorded a result."

_session = requests.Session()


@dataclass(frozen=True)
class Response:
    """What one POST got back; `status` is None after a network error."""

    headers: dict[str, str]
    status: int | None
    body: str
    error: str
    duration_ms: int


def _claim(
    *, delivery_id: int, lease: dt.datetime | None, batch: int
) -> list[tuple[Delivery, DeliveryAttempt]]:
    """Take the lease on a due delivery and open its next attempt, and on up to `batch - 1` more due
    deliveries no one holds (FOR UPDATE SKIP LOCKED LIMIT n): one transaction for all of them.
    Empty when the delivery itself is not ours to send."""
    now = timezone.now()
    free = leases.unleased(now)
    if lease is not None:
        free |= Q(locked_until=lease)  # the lease the sweeper took when it queued this task
    if not Delivery.objects.filter(leases.claimable(now) & free, pk=delivery_id).exists():
        # Mostly a delivery another task's batch has sent: one cheap read instead of a transaction.
        return []
    with transaction.atomic():
        leases.commit_without_waiting_for_disk()
        locked = Delivery.objects.select_for_update(**leases.skip_locked()).select_related(
            "event", "endpoint"
        )
        delivery = locked.filter(leases.claimable(now) & free, pk=delivery_id).first()
        if delivery is None:
            return []
        deliveries = [delivery]
        if batch > 1:
            others = locked.filter(leases.claimable(now) & leases.unleased(now)).exclude(pk=delivery_id)
            deliveries += list(others.order_by("id")[: batch - 1])
        locked_until = now + dt.timedelta(seconds=leases.lease_seconds())
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
            status=DeliveryStatus.DELIVERING,
            attempt_count=F("attempt_count") + 1,
            locked_until=locked_until,
            updated_at=now,
        )
        for claimed in deliveries:
            claimed.status, claimed.locked_until = DeliveryStatus.DELIVERING, locked_until
            claimed.attempt_count += 1
        attempts = DeliveryAttempt.objects.bulk_create(
            DeliveryAttempt(delivery=d, number=d.attempt_count, error=INTERRUPTED) for d in deliveries
        )
    return list(zip(deliveries, attempts, strict=True))


def _post(url: str, headers: dict[str, str], body: bytes) -> Response:
    """POST and keep the first KiB of the answer. Never raises for network errors."""
    started = time.monotonic()
    try:
        with _session.post(
            url,
            data=body,
            headers=headers,
            timeout=(CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS),
            allow_redirects=False,
            stream=True,
        ) as response:
            raw = response.raw.read(RESPONSE_BODY_LIMIT, decode_content=True) or b""
            status = response.status_code
        error = ""
    except requests.RequestException as exc:
        status, raw, error = None, b"", f"{type(exc).__name__}: {exc}"[:2000]
    duration = int((time.monotonic() - started) * 1000)
    return Response(headers, status, raw.decode("utf-8", errors="replace"), error, duration)


def _send(delivery: Delivery) -> Response:
    try:
        headers, body = signed_request(endpoint=delivery.endpoint, event=delivery.event)
        return _post(delivery.endpoint.url, headers, body)
    except Exception as exc:
        # Recorded as a failed attempt (and retried) rather than leaving the lease to run out forever.
        logger.exception("Webhook delivery %s could not be sent", delivery.pk)
        return Response({}, None, "", f"{type(exc).__name__}: {exc}"[:2000], 0)


def _retry_delay(delivery: Delivery) -> float | None:
    """Seconds to the next attempt, with jitter; None once the schedule is used up."""
    if delivery.event.event_type == EventType.PING:
        return None  # a ping is a one-off: its failure is shown to HR, not retried
    schedule = settings.WEBHOOK_RETRY_SCHEDULE
    index = delivery.attempt_count - delivery.schedule_start - 1
    if index >= len(schedule):
        return None
    return schedule[index] * random.uniform(1 - JITTER, 1 + JITTER)


def _outcome(delivery: Delivery, response: Response, now: dt.datetime) -> tuple[dict[str, Any], float | None]:
    """The delivery's new fields after this response, and the countdown of a queued retry, if any."""
    status = response.status
    fields: dict[str, Any] = {"last_status_code": status, "last_error": response.error, "locked_until": None}
    if status is not None and 200 <= status < 300:
        return fields | {"status": DeliveryStatus.DELIVERED, "delivered_at": now, "last_error": ""}, None
    if status == 410:
        return fields | {"status": DeliveryStatus.FAILED, "last_error": GONE_REASON}, None
    if not response.error:
        fields["last_error"] = f"HTTP {status}"
    delay = _retry_delay(delivery)
    if delay is None:
        return fields | {"status": DeliveryStatus.FAILED}, None
    fields |= {"status": DeliveryStatus.PENDING, "next_attempt_at": now + dt.timedelta(seconds=delay)}
    return fields, delay if delay <= COUNTDOWN_LIMIT_SECONDS else None


def _record(
    *, delivery: Delivery, attempt: DeliveryAttempt, response: Response, now: dt.datetime
) -> float | None:
    """Store the attempt and move the delivery on (inside the caller's transaction). Returns the
    countdown of a queued retry, if any."""
    attempt.request_headers = response.headers
    attempt.response_status, attempt.response_body = response.status, response.body
    attempt.error, attempt.duration_ms = response.error, response.duration_ms
    fields, countdown = _outcome(delivery, response, now)
    attempt.save(
        update_fields=[
            "request_headers",
            "response_status",
            "response_body",
            "error",
            "duration_ms",
            "updated_at",
        ]
    )
    held = Delivery.objects.filter(pk=delivery.pk, locked_until=delivery.locked_until)
    if fields["status"] == DeliveryStatus.DELIVERED:
        # A success counts even if our lease ran out meanwhile: the integrator has the event.
        held = Delivery.objects.filter(pk=delivery.pk).exclude(status=DeliveryStatus.DELIVERED)
    if not held.update(**fields, updated_at=now):
        logger.warning("Webhook delivery %s: lease lost before the result was recorded", delivery.pk)
        return None
    if response.status == 410:
        Endpoint.objects.filter(pk=delivery.endpoint_id).update(
            is_enabled=False, disabled_reason=GONE_REASON, updated_at=now
        )
    if fields["status"] == DeliveryStatus.FAILED:
        signals.delivery_failed.send(sender=Delivery, delivery=delivery, endpoint=delivery.endpoint)
    return countdown


def _release(*, delivery: Delivery, attempt: DeliveryAttempt, now: dt.datetime) -> None:
    """Give back a claimed delivery that was not sent (its lease would not have covered the POST)."""
    attempt.delete()
    Delivery.objects.filter(pk=delivery.pk, locked_until=delivery.locked_until).update(
        status=DeliveryStatus.PENDING, attempt_count=F("attempt_count") - 1, locked_until=None, updated_at=now
    )


def _send_while_leased(claimed: list) -> list[Response | None]:
    """POST each claimed delivery in turn; None for those left when the lease could no longer cover
    one more POST (connect + read timeouts), so that no one sends them while we still hold them."""
    deadline = time.monotonic() + leases.lease_seconds() - CONNECT_TIMEOUT_SECONDS - READ_TIMEOUT_SECONDS - 1
    responses: list[Response | None] = []
    for delivery, _ in claimed:
        responses.append(_send(delivery) if not responses or time.monotonic() < deadline else None)
    return responses


def delivery_attempt(
    *, delivery_id: int, lease: dt.datetime | None = None, batch: int = 1
) -> DeliveryAttempt | None:
    """Send one attempt of a due delivery, if no one else holds it, and of up to `batch - 1` more
    due deliveries (the task passes WEBHOOK_BATCH_SIZE): claimed together, POSTed one by one over a
    keep-alive session, their outcomes recorded in one transaction. Returns this delivery's attempt."""
    claimed = _claim(delivery_id=delivery_id, lease=lease, batch=batch)
    if not claimed:
        return None
    responses = _send_while_leased(claimed)
    now = timezone.now()
    with transaction.atomic():
        leases.commit_without_waiting_for_disk()
        countdowns = [
            _record(delivery=d, attempt=a, response=r, now=now)
            if r
            else _release(delivery=d, attempt=a, now=now)
            for (d, a), r in zip(claimed, responses, strict=True)
        ]
    for (delivery, attempt), response, countdown in zip(claimed, responses, countdowns, strict=True):
        if countdown is not None:
            broker.enqueue(delivery.pk, countdown=countdown)
        if response is not None:
            logger.info(
                "Webhook %s to %s attempt %s: %s in %s ms",
                delivery.event.event_type,
                delivery.endpoint.url,
                attempt.number,
                response.status or response.error,
                response.duration_ms,
            )
    recovered = {
        delivery.endpoint_id
        for (delivery, _attempt), response in zip(claimed, responses, strict=True)
        if response is not None and response.status is not None and 200 <= response.status < 300
    }
    for endpoint_id in sorted(recovered):
        endpoint_recovered(endpoint_id=endpoint_id)  # the receiver is back: replay what it missed
    return claimed[0][1]
