import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from messaging import delivery
from messaging.models import DeliveryStatus, Message, MessageDirection

logger = logging.getLogger(__name__)

# Longer than the longest backoff, so the sweep only picks up messages whose task got lost.
SWEEP_AFTER = dt.timedelta(seconds=delivery.BACKOFF_MAX_SECONDS * 1.5)


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_message(self, message_id: str) -> str:
    """Send one outbound message through the Bot API; see messaging.delivery for the guarantees."""
    try:
        outcome = delivery.deliver(message_id)
    except DatabaseError as error:
        raise self.retry(exc=error, countdown=delivery.backoff_seconds(self.request.retries + 1))
    if outcome.result == "retry":
        raise self.retry(countdown=outcome.retry_in)
    return outcome.result


@shared_task(acks_late=True)
def sweep_queued_messages() -> int:
    """Re-enqueue outbound messages still queued long after their last try (a lost task, a broker
    outage when they were queued, or a bot token configured since)."""
    if not settings.TELEGRAM_BOT_TOKEN:
        return 0
    stale = Message.objects.filter(
        direction=MessageDirection.OUTBOUND,
        delivery_status=DeliveryStatus.QUEUED,
        updated_at__lt=timezone.now() - SWEEP_AFTER,
    )
    stale_ids = list(stale.values_list("pk", flat=True)[:500])
    # Touched so the next sweep does not enqueue them again while their task waits in the queue.
    Message.objects.filter(pk__in=stale_ids).update(updated_at=timezone.now())
    count = 0
    for message_id in stale_ids:
        deliver_message.delay(str(message_id))
        count += 1
    if count:
        logger.info("Re-enqueued %s queued outbound messages", count)
    return count
