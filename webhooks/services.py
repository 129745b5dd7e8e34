"""The outbox: writing events with their deliveries, sending them, retrying, sweeping and purging.

A delivery is sent by whoever holds its lease (`Delivery.locked_until`). A worker takes the lease in a
short transaction (`SELECT ... FOR UPDATE SKIP LOCKED` where the database has it), sends outside any
transaction, and records the outcome. A worker that dies keeps the lease until it expires; then the
sweeper hands the delivery to another worker. So two workers never send the same attempt at once, and
nothing committed is lost while the broker or a worker is down.
"""

import datetime as dt
import json
import logging
import random
import time
from functools import partial
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus, Endpoint, Event, EventType

logger = logging.getLogger(__name__)

DEFAULT_ENDPOINT_NAME = "OneF (ONEF_WEBHOOK_URL)"
DEFAULT_UNSET_REASON = "ONEF_WEBHOOK_URL is not set."
GONE_REASON = "The endpoint answered 410 Gone."
CONNECT_TIMEOUT_SECONDS = 3
READ_TIMEOUT_SECONDS = 10
RESPONSE_BODY_LIMIT = 1024
# Retries this short are queued with a countdown; longer ones wait for the sweeper (a broker holds
# far-future tasks badly: Redis redelivers unacked ETA tasks after its visibility timeout).
COUNTDOWN_LIMIT_SECONDS = 60
# New deliveries are the on-commit task's job; the sweeper only takes rows overdue by this much.
SWEEP_GRACE_SECONDS = 5
SWEEP_BATCH = 500
JITTER = 0.2
USER_AGENT = "recruitment-webhooks/1.0"
INTERRUPTED = "Interrupted: the worker stopped before it recorded a result."

_session = requests.Session()


# --- Endpoints ------------------------------------------------------------------------------------


def _default_endpoint_sync(default: Endpoint | None) -> Endpoint | None:
    """Keep the is_default row equal to ONEF_WEBHOOK_URL / ONEF_WEBHOOK_SECRET."""
    url, secret = settings.ONEF_WEBHOOK_URL, settings.ONEF_WEBHOOK_SECRET
    if default is None:
        if not url:
            return None
        try:
            with transaction.atomic():
                return Endpoint.objects.create(
                    name=DEFAULT_ENDPOINT_NAME, url=url, secret=secret, is_default=True
                )
        except IntegrityError:  # another process created it a moment ago
            default = Endpoint.objects.get(is_default=True)
    changes: dict[str, Any] = {}
    if not url:
        if default.is_enabled:
            changes = {"is_enabled": False, "disabled_reason": DEFAULT_UNSET_REASON}
    elif (default.url, default.secret) != (url, secret):
        # New configuration: whatever disabled the old URL (a 410, HR) no longer applies.
        changes = {"url": url, "secret": secret, "is_enabled": True, "disabled_reason": ""}
    elif not default.is_enabled and default.disabled_reason == DEFAULT_UNSET_REASON:
        changes = {"is_enabled": True, "disabled_reason": ""}
    if changes:
        for name, value in changes.items():
            setattr(default, name, value)
        default.save(update_fields=[*changes, "updated_at"])
    return default


def endpoints_receiving(*, event_type: str) -> list[Endpoint]:
    """Enabled endpoints that accept this event type, the default one synced from settings first."""
    endpoints = list(Endpoint.objects.filter(Q(is_enabled=True) | Q(is_default=True)))
    default = _default_endpoint_sync(next((e for e in endpoints if e.is_default), None))
    candidates = [e for e in endpoints if not e.is_default]
    if default is not None:
        candidates.append(default)
    return [e for e in candidates if e.is_enabled and e.accepts(event_type)]


# --- Writing the outbox ---------------------------------------------------------------------------


def _enqueue(delivery_id: int, *, lease: dt.datetime | None = None, countdown: float | None = None) -> None:
    from webhooks.tasks import deliver

    args = [delivery_id, lease.isoformat() if lease else None]
    try:
        deliver.apply_async(args, countdown=countdown)
    except Exception:
        # The broker is down: the row is committed, so the sweeper sends it once the broker is back.
        logger.warning(
            "Could not queue webhook delivery %s; the sweeper will retry", delivery_id, exc_info=True
        )


def event_emit(
    *,
    event_type: str,
    body: dict[str, Any],
    candidate_id: Any = None,
    endpoints: list[Endpoint] | None = None,
    enqueue: bool = True,
) -> Event | None:
    """Write the event and one delivery per receiving endpoint in the caller's transaction.

    The tasks are queued only once that transaction commits; a rollback sends nothing.
    Returns None when no endpoint receives this type (nothing is stored then).
    """
    if endpoints is None:
        endpoints = endpoints_receiving(event_type=event_type)
    if not endpoints:
        return None
    now = timezone.now()
    # No savepoint: inside the change's transaction a failure here must roll the change back anyway.
    with transaction.atomic(savepoint=False):
        event = Event.objects.create(event_type=event_type, payload=body, candidate_id=candidate_id)
        deliveries = Delivery.objects.bulk_create(
            [Delivery(event=event, endpoint=endpoint, next_attempt_at=now) for endpoint in endpoints]
        )
    if enqueue:
        for delivery in deliveries:
            transaction.on_commit(partial(_enqueue, delivery.pk), robust=True)
    return event


# --- Sending --------------------------------------------------------------------------------------


def _skip_locked() -> dict[str, Any]:
    # SQLite has no row locks (its IMMEDIATE transactions serialise writers instead).
    if connection.features.has_select_for_update_skip_locked:
        return {"skip_locked": True, "of": ("self",)}
    return {}


def _commit_without_waiting_for_disk() -> None:
    """For the worker's bookkeeping only: a crash may lose the last such commits, never an event.

    Losing a claim or an outcome only means the delivery is sent again (same webhook-id), which
    at-least-once delivery allows; the event and its delivery rows were committed durably with
    the change. It spares a disk flush (~10 ms on a busy disk) twice per attempt.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _lease_seconds() -> float:
    return float(settings.WEBHOOK_LEASE_SECONDS)


def _claimable(now: dt.datetime) -> Q:
    return (
        Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.DELIVERING])
        & Q(endpoint__is_enabled=True)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    )


def _claim(*, delivery_id: int, lease: dt.datetime | None) -> tuple[Delivery, DeliveryAttempt] | None:
    """Take the lease on a due delivery and open its next attempt; None when it is not ours to send."""
    now = timezone.now()
    free = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    if lease is not None:
        free |= Q(locked_until=lease)  # the lease the sweeper took when it queued this task
    with transaction.atomic():
        _commit_without_waiting_for_disk()
        delivery = (
            Delivery.objects.select_for_update(**_skip_locked())
            .select_related("event", "endpoint")
            .filter(_claimable(now) & free, pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        delivery.status = DeliveryStatus.DELIVERING
        delivery.attempt_count += 1
        delivery.locked_until = now + dt.timedelta(seconds=_lease_seconds())
        delivery.save(update_fields=["status", "attempt_count", "locked_until", "updated_at"])
        attempt = DeliveryAttempt.objects.create(
            delivery=delivery, number=delivery.attempt_count, error=INTERRUPTED
        )
    return delivery, attempt


def signed_request(
    *, endpoint: Endpoint, event: Event, now: dt.datetime | None = None
) -> tuple[dict[str, str], bytes]:
    """The headers and body of one POST, signed per Standard Webhooks when the endpoint has a secret."""
    now = now or timezone.now()
    body = json.dumps(event.payload, ensure_ascii=False, separators=(",", ":"))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": str(event.id),
        "webhook-timestamp": str(int(now.timestamp())),
    }
    if endpoint.secret:
        headers["webhook-signature"] = endpoint_signer(endpoint.secret).sign(
            msg_id=str(event.id), timestamp=now.astimezone(dt.UTC), data=body
        )
    return headers, body.encode("utf-8")


def endpoint_signer(secret: str) -> Webhook:
    """The library's signer; a secret that is not base64 (whsec_...) is used as raw bytes."""
    try:
        return Webhook(secret)
    except Exception:
        return Webhook(secret.encode("utf-8"))


def _post(url: str, headers: dict[str, str], body: bytes) -> tuple[int | None, str, str, int]:
    """(status, first KiB of the response, error, duration in ms). Never raises for network errors."""
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
    return status, raw.decode("utf-8", errors="replace"), error, duration


def _retry_delay(delivery: Delivery) -> float | None:
    """Seconds to the next attempt, with jitter; None once the schedule is used up."""
    if delivery.event.event_type == EventType.PING:
        return None  # a ping is a one-off: its failure is shown to HR, not retried
    schedule = settings.WEBHOOK_RETRY_SCHEDULE
    index = delivery.attempt_count - delivery.schedule_start - 1
    if index >= len(schedule):
        return None
    return schedule[index] * random.uniform(1 - JITTER, 1 + JITTER)


def _record(
    *,
    delivery: Delivery,
    attempt: DeliveryAttempt,
    headers: dict[str, str],
    status: int | None,
    response_body: str,
    error: str,
    duration_ms: int,
) -> float | None:
    """Store the attempt and move the delivery on. Returns the countdown of a queued retry, if any."""
    now = timezone.now()
    attempt.request_headers = headers
    attempt.response_status, attempt.response_body = status, response_body
    attempt.error, attempt.duration_ms = error, duration_ms
    fields: dict[str, Any] = {"last_status_code": status, "last_error": error, "locked_until": None}
    countdown = None
    if status is not None and 200 <= status < 300:
        fields |= {"status": DeliveryStatus.DELIVERED, "delivered_at": now, "last_error": ""}
    elif status == 410:
        fields |= {"status": DeliveryStatus.FAILED, "last_error": GONE_REASON}
    else:
        if not error:
            fields["last_error"] = f"HTTP {status}"
        delay = _retry_delay(delivery)
        if delay is None:
            fields["status"] = DeliveryStatus.FAILED
        else:
            fields |= {"status": DeliveryStatus.PENDING, "next_attempt_at": now + dt.timedelta(seconds=delay)}
            countdown = delay if delay <= COUNTDOWN_LIMIT_SECONDS else None
    with transaction.atomic():
        _commit_without_waiting_for_disk()
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
        if status == 410:
            Endpoint.objects.filter(pk=delivery.endpoint_id).update(
                is_enabled=False, disabled_reason=GONE_REASON, updated_at=now
            )
    return countdown


def delivery_attempt(*, delivery_id: int, lease: dt.datetime | None = None) -> DeliveryAttempt | None:
    """Send one attempt of a due delivery, if no one else holds it. Returns the attempt made, if any."""
    claimed = _claim(delivery_id=delivery_id, lease=lease)
    if claimed is None:
        return None
    delivery, attempt = claimed
    try:
        headers, body = signed_request(endpoint=delivery.endpoint, event=delivery.event)
        status, response_body, error, duration_ms = _post(delivery.endpoint.url, headers, body)
    except Exception as exc:
        # Recorded as a failed attempt (and retried) rather than leaving the lease to run out forever.
        logger.exception("Webhook delivery %s could not be sent", delivery.pk)
        headers, status, response_body, duration_ms = {}, None, "", 0
        error = f"{type(exc).__name__}: {exc}"[:2000]
    countdown = _record(
        delivery=delivery,
        attempt=attempt,
        headers=headers,
        status=status,
        response_body=response_body,
        error=error,
        duration_ms=duration_ms,
    )
    if countdown is not None:
        _enqueue(delivery.pk, countdown=countdown)
    logger.info(
        "Webhook %s to %s attempt %s: %s in %s ms",
        delivery.event.event_type,
        delivery.endpoint.url,
        attempt.number,
        status or error,
        duration_ms,
    )
    return attempt


# --- Periodic work and HR actions -----------------------------------------------------------------


def deliveries_sweep(*, limit: int = SWEEP_BATCH) -> int:
    """Queue due deliveries no one holds (broker was down, worker died, long retry delay)."""
    now = timezone.now()
    hold = now + dt.timedelta(seconds=_lease_seconds())
    overdue = now - dt.timedelta(seconds=SWEEP_GRACE_SECONDS)
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(**_skip_locked())
            .filter(_claimable(overdue) & (Q(locked_until__isnull=True) | Q(locked_until__lt=now)))
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=ids).update(locked_until=hold)
    for delivery_id in ids:
        _enqueue(delivery_id, lease=hold)
    if ids:
        logger.info("Webhook sweeper queued %s due deliveries", len(ids))
    return len(ids)


def deliveries_purge(*, now: dt.datetime | None = None) -> int:
    """Blank the payloads (CVs, personal data) of events delivered everywhere before the retention period."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.WEBHOOK_RETENTION_DAYS)
    undelivered = Delivery.objects.filter(event=OuterRef("pk")).exclude(status=DeliveryStatus.DELIVERED)
    purged = (
        Event.objects.filter(created_at__lt=cutoff, payload_purged_at__isnull=True)
        .exclude(Exists(undelivered))
        .update(payload={}, payload_purged_at=timezone.now())
    )
    if purged:
        logger.info("Purged the payloads of %s delivered webhook events", purged)
    return purged


def delivery_redeliver(*, delivery: Delivery) -> Delivery:
    """Send again now, with a fresh retry schedule (a failed delivery, or a delivered one on request)."""
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("event").get(pk=delivery.pk)
        if delivery.event.payload_purged_at is not None:
            raise ValidationError(
                "This event's payload was purged after the retention period; it cannot be sent again."
            )
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = now
        delivery.locked_until = None
        delivery.schedule_start = delivery.attempt_count
        delivery.save(
            update_fields=["status", "next_attempt_at", "locked_until", "schedule_start", "updated_at"]
        )
        transaction.on_commit(partial(_enqueue, delivery.pk), robust=True)
    return delivery


def endpoint_ping(*, endpoint: Endpoint) -> DeliveryAttempt | None:
    """Send a signed test event to one endpoint right now and return the recorded attempt."""
    from webhooks import payloads

    if not endpoint.is_enabled:
        return None
    with transaction.atomic():
        event = event_emit(
            event_type=EventType.PING,
            body=payloads.ping(endpoint.name, timezone.now()),
            endpoints=[endpoint],
            enqueue=False,
        )
    attempt = delivery_attempt(delivery_id=event.deliveries.get().pk)
    if attempt is not None:
        attempt.refresh_from_db()
    return attempt
