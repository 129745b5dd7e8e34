"""HR's actions: send a delivery again, and ping an endpoint with a signed test event."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from webhooks import payloads
from webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus, Endpoint, EventType
from webhooks.services import broker
from webhooks.services.attempt import delivery_attempt
from webhooks.services.emit import event_emit


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
        transaction.on_commit(partial(broker.enqueue, delivery.pk), robust=True)
    return delivery


def endpoint_ping(*, endpoint: Endpoint) -> DeliveryAttempt | None:
    """Send a signed test event to one endpoint right now and return the recorded attempt."""
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
