"""Celery tasks of messaging: thin wrappers that take ids and call messaging.delivery and the services."""

import datetime as dt

from celery import shared_task
from django.db import DatabaseError

from messaging import delivery, notifications, services

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
    """Re-enqueue outbound messages whose task got lost (see services.messages_requeue_stale)."""
    return services.messages_requeue_stale(older_than=SWEEP_AFTER)


@shared_task(acks_late=True)
def send_scheduled_message(scheduled_id: int) -> str:
    """Turn one due scheduled message into an outbound message (see messaging.notifications)."""
    scheduled = notifications.scheduled_message_send(scheduled_id=scheduled_id)
    return scheduled.state if scheduled is not None else "gone"


@shared_task(acks_late=True)
def send_due_scheduled_messages() -> int:
    """Send the messages held over quiet hours once their morning comes (and any whose task was lost)."""
    return notifications.scheduled_messages_send_due()
