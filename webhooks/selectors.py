"""Reads of the outbox."""

from django.db.models import Q, QuerySet

from webhooks.models import Delivery, DeliveryStatus


def failing_deliveries() -> QuerySet[Delivery]:
    """Deliveries that gave up (failed) or are waiting to retry after a failed attempt."""
    return Delivery.objects.filter(
        Q(status=DeliveryStatus.FAILED) | Q(status=DeliveryStatus.PENDING, attempt_count__gt=0)
    )


def failing_deliveries_count() -> int:
    return failing_deliveries().count()
