"""Periodic work on the outbox: queue what no task holds, and purge old delivered payloads."""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from webhooks.models import Delivery, DeliveryStatus, Event
from webhooks.services import broker, leases

logger = logging.getLogger(__name__)

# New deliveries are the on-commit task's job; the sweeper only takes rows overdue by this much.
SWEEP_GRACE_SECONDS = 5
SWEEP_BATCH = 500


def deliveries_sweep(*, limit: int = SWEEP_BATCH, grace_seconds: float = SWEEP_GRACE_SECONDS) -> int:
    """Queue due deliveries no one holds (broker was down, worker died, long retry delay)."""
    now = timezone.now()
    hold = now + dt.timedelta(seconds=leases.lease_seconds())
    overdue = now - dt.timedelta(seconds=grace_seconds)
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(**leases.skip_locked())
            .filter(leases.claimable(overdue) & leases.unleased(now))
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=ids).update(locked_until=hold)
    broker.enqueue_batches(ids, lease=hold)
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
