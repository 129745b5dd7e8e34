"""Celery tasks of messaging: thin wrappers that take ids and call messaging.delivery and the services."""

import datetime as dt

from celery import shared_task
from django.db import DatabaseError

from messaging import delivery, services

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
