"""Recovery: once an endpoint answers again, the deliveries it missed are sent again, in order.

A delivery that used up its retry schedule ends `failed`. When a later delivery to the same
endpoint succeeds, the receiver is back: every delivery to that endpoint that ended `failed` within
the retention window (`WEBHOOK_RETENTION_DAYS`) is queued again with a fresh schedule, in the order
its events happened (`WEBHOOK_REPLAY_ON_RECOVERY`, on by default). HR can do the same by hand from
the admin ("replay failed since ..."). Pings are never replayed: they are one-off checks.
"""

import datetime as dt
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from core.bulk import bulk_set
from webhooks.models import Delivery, DeliveryStatus, Endpoint, EventType
from webhooks.services import broker, leases

logger = logging.getLogger(__name__)
REPLAY_BATCH = 5000


def _failed_since(endpoint_id: int, since: dt.datetime) -> "QuerySet[Delivery]":
    """The endpoint's deliveries that ended failed since `since` and can be sent again."""
    return Delivery.objects.filter(
        endpoint_id=endpoint_id,
        status=DeliveryStatus.FAILED,
        updated_at__gte=since,
        event__payload_purged_at__isnull=True,
    ).exclude(event__event_type=EventType.PING)


def _replayable(endpoint_id: int, since: dt.datetime) -> "list[int]":
    return list(
        _failed_since(endpoint_id, since)
        .select_for_update(**leases.skip_locked())
        .order_by("event__created_at", "event__position", "pk")
        .values_list("pk", flat=True)[:REPLAY_BATCH]
    )


def deliveries_replay_failed(*, endpoint: Endpoint, since: dt.datetime) -> int:
    """Queue again, oldest event first, the endpoint's deliveries that ended failed since `since`."""
    now = timezone.now()
    hold = now + dt.timedelta(seconds=leases.lease_seconds())
    with transaction.atomic():
        ids = _replayable(endpoint.pk, since)
        Delivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.PENDING,
            locked_until=hold,
            schedule_start=F("attempt_count"),  # a fresh retry schedule, as "redeliver" gives
            updated_at=now,
        )
        # Staggered by a microsecond each, so a sweeper that picks them up queues them in order too.
        staggered = [
            Delivery(pk=delivery_id, next_attempt_at=now + dt.timedelta(microseconds=offset))
            for offset, delivery_id in enumerate(ids)
        ]
        bulk_set(Delivery, staggered, ["next_attempt_at"])
        transaction.on_commit(partial(broker.enqueue_batches, ids, lease=hold), robust=True)
    if ids:
        logger.info("Webhook endpoint %s: %s failed deliveries queued again", endpoint.pk, len(ids))
    return len(ids)


def endpoint_recovered(*, endpoint_id: int) -> int:
    """After a success: replay what failed within the retention window, when the setting allows."""
    if not settings.WEBHOOK_REPLAY_ON_RECOVERY:
        return 0
    since = timezone.now() - dt.timedelta(days=settings.WEBHOOK_RETENTION_DAYS)
    if not _failed_since(endpoint_id, since).exists():
        return 0
    endpoint = Endpoint.objects.filter(pk=endpoint_id, is_enabled=True).first()
    return 0 if endpoint is None else deliveries_replay_failed(endpoint=endpoint, since=since)
