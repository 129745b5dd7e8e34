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

from core.bulk import bulk_set
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
    *, delivery_ids: list[int], lease: dt.datetime | None, batch: int
) -> list[tuple[Delivery, DeliveryAttempt]]:
    """Take the lease on those of `delivery_ids` that are due and open their next attempt, and on
    more due deliveries no one holds (FOR UPDATE SKIP LOCKED) up to `batch` in all: one transaction
    for all of them. Empty when none of the task's own deliveries is its to send."""
    now = timezone.now()
    free = leases.unleased(now)
    if lease is not None:
        free |= Q(locked_until=lease)  # the lease the sweeper took when it queued this task
    own = leases.claimable(now) & free & Q(pk__in=delivery_ids)
    if not Delivery.objects.filter(own).exists():
        # Mostly deliveries another task's batch has sent: one cheap read instead of a transaction.
        return []
    with transaction.atomic():
        leases.commit_without_waiting_for_disk()
        locked = Delivery.objects.select_for_update(**leases.skip_locked()).select_related(
            "event", "endpoint"
        )
        deliveries = list(locked.filter(own).order_by("id"))
        if not deliveries:
            return []
        if batch > len(deliveries):
            others = locked.filter(leases.claimable(now) & leases.unleased(now))
            others = others.exclude(pk__in=[d.pk for d in deliveries]).order_by("id")
            deliveries += list(others[: batch - len(deliveries)])
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


def _failure_outcome(
    delivery: Delivery, response: Response, now: dt.datetime
) -> tuple[dict[str, Any], float | None]:
    """The new fields of a delivery that did not get a 2xx, and the countdown of a queued retry, if any
    (successes are recorded together by _record_successes)."""
    status = response.status
    fields: dict[str, Any] = {"last_status_code": status, "last_error": response.error, "locked_until": None}
    if status == 410:
        return fields | {"status": DeliveryStatus.FAILED, "last_error": GONE_REASON}, None
    if not response.error:
        fields["last_error"] = f"HTTP {status}"
    delay = _retry_delay(delivery)
    if delay is None:
        return fields | {"status": DeliveryStatus.FAILED}, None
    fields |= {"status": DeliveryStatus.PENDING, "next_attempt_at": now + dt.timedelta(seconds=delay)}
    return fields, delay if delay <= COUNTDOWN_LIMIT_SECONDS else None


ATTEMPT_RESULT_FIELDS = [
    "request_headers",
    "response_status",
    "response_body",
    "error",
    "duration_ms",
    "updated_at",
]


def _fill(attempt: DeliveryAttempt, response: Response, now: dt.datetime) -> DeliveryAttempt:
    attempt.request_headers = response.headers
    attempt.response_status, attempt.response_body = response.status, response.body
    attempt.error, attempt.duration_ms, attempt.updated_at = response.error, response.duration_ms, now
    return attempt


def _is_success(response: Response | None) -> bool:
    return response is not None and response.status is not None and 200 <= response.status < 300


def _record_successes(deliveries: list[Delivery], status: int, now: dt.datetime) -> None:
    """Mark delivered, in one UPDATE, deliveries that got the same 2xx. A success counts even if
    our lease ran out meanwhile: the integrator has the event."""
    updated = (
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries])
        .exclude(status=DeliveryStatus.DELIVERED)
        .update(
            status=DeliveryStatus.DELIVERED,
            delivered_at=now,
            last_status_code=status,
            last_error="",
            locked_until=None,
            updated_at=now,
        )
    )
    if updated < len(deliveries):
        logger.warning(
            "Webhook deliveries %s: %s already delivered",
            [d.pk for d in deliveries],
            len(deliveries) - updated,
        )


def _record_failure(*, delivery: Delivery, response: Response, now: dt.datetime) -> float | None:
    """Move a delivery that did not get a 2xx on (inside the caller's transaction). Returns the
    countdown of a queued retry, if any."""
    fields, countdown = _failure_outcome(delivery, response, now)
    held = Delivery.objects.filter(pk=delivery.pk, locked_until=delivery.locked_until)
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


def _record(
    claimed: list, responses: list[Response | None], sent: list, now: dt.datetime
) -> dict[int, float]:
    """Store every attempt (one UPDATE statement run for all of them), the successes by status code
    (one UPDATE each), the failures one by one, and give back what was not sent. Returns the
    countdowns of queued retries."""
    bulk_set(DeliveryAttempt, [_fill(a, r, now) for _, a, r in sent], ATTEMPT_RESULT_FIELDS)
    successes: dict[int, list[Delivery]] = {}
    countdowns: dict[int, float] = {}
    for delivery, _attempt, response in sent:
        if _is_success(response):
            successes.setdefault(response.status, []).append(delivery)
        elif (countdown := _record_failure(delivery=delivery, response=response, now=now)) is not None:
            countdowns[delivery.pk] = countdown
    for status, deliveries in sorted(successes.items()):
        _record_successes(deliveries, status, now)
    for (delivery, attempt), response in zip(claimed, responses, strict=True):
        if response is None:
            _release(delivery=delivery, attempt=attempt, now=now)
    return countdowns


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
    due deliveries (the task passes WEBHOOK_BATCH_SIZE). Returns this delivery's attempt."""
    attempts = deliveries_attempt(delivery_ids=[delivery_id], lease=lease, batch=batch)
    return next((attempt for attempt in attempts if attempt.delivery_id == delivery_id), None)


def deliveries_attempt(
    *, delivery_ids: list[int], lease: dt.datetime | None = None, batch: int = 1
) -> list[DeliveryAttempt]:
    """Send one attempt of each of these deliveries that is due and that no one else holds, and of
    more due deliveries up to `batch` in all: claimed together, POSTed one by one over a keep-alive
    session, their outcomes recorded in one transaction. Returns the attempts made, in order."""
    claimed = _claim(delivery_ids=delivery_ids, lease=lease, batch=max(batch, len(delivery_ids)))
    if not claimed:
        return []
    responses = _send_while_leased(claimed)
    sent = _sent(claimed, responses)
    now = timezone.now()
    with transaction.atomic():
        leases.commit_without_waiting_for_disk()
        countdowns = _record(claimed, responses, sent, now)
    for delivery, attempt, response in sent:
        if delivery.pk in countdowns:
            broker.enqueue(delivery.pk, countdown=countdowns[delivery.pk])
        logger.info(
            "Webhook %s to %s attempt %s: %s in %s ms",
            delivery.event.event_type,
            delivery.endpoint.url,
            attempt.number,
            response.status or response.error,
            response.duration_ms,
        )
    recovered = {delivery.endpoint_id for delivery, _, response in sent if _is_success(response)}
    for endpoint_id in sorted(recovered):
        endpoint_recovered(endpoint_id=endpoint_id)  # the receiver is back: replay what it missed
    return [attempt for _, attempt, _ in sent]


def _sent(
    claimed: list, responses: list[Response | None]
) -> list[tuple[Delivery, DeliveryAttempt, Response]]:
    return [(d, a, r) for (d, a), r in zip(claimed, responses, strict=True) if r is not None]
