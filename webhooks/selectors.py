"""Reads of the outbox."""

import datetime as dt

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from webhooks.models import Delivery, DeliveryStatus, Endpoint


def failing_deliveries() -> QuerySet[Delivery]:
    """Deliveries that gave up (failed) or are waiting to retry after a failed attempt."""
    return Delivery.objects.filter(
        Q(status=DeliveryStatus.FAILED) | Q(status=DeliveryStatus.PENDING, attempt_count__gt=0)
    )


def failing_deliveries_count() -> int:
    return failing_deliveries().count()


def endpoints_with_health(queryset: QuerySet[Endpoint]) -> QuerySet[Endpoint]:
    """Endpoints annotated with their health: delivered in the last day, retrying, failed, last times.
    One query for the whole list (filtered aggregates over one join)."""
    day_ago = timezone.now() - dt.timedelta(days=1)
    failing = Q(deliveries__status=DeliveryStatus.FAILED)
    return queryset.annotate(
        delivered_last_day=Count(
            "deliveries",
            filter=Q(deliveries__status=DeliveryStatus.DELIVERED, deliveries__delivered_at__gte=day_ago),
        ),
        retrying=Count(
            "deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING, deliveries__attempt_count__gt=0)
        ),
        failed=Count("deliveries", filter=failing),
        last_delivered_at=Max("deliveries__delivered_at"),
        last_failure_at=Max("deliveries__updated_at", filter=failing),
    )
