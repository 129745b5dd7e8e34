"""Celery tasks of messaging: thin wrappers that take ids and call messaging.delivery and the services."""

import datetime as dt

from celery import shared_task
from django.db import DatabaseError

from messaging import delivery, inbox, notifications, services

# Longer than the longest backoff, so the sweep only picks up messages whose task got lost.
SWEEP_AFTER = dt.timedelta(seconds=delivery.BACKOFF_MAX_SECONDS * 1.5)
# A chat's stored updates untouched this long, and no worker holding the chat: their task got lost.
INBOX_SWEEP_AFTER = dt.timedelta(seconds=30)
INBOX_RETRY_MAX_SECONDS = 300


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


@shared_task(bind=True, acks_late=True, max_retries=8)
def process_inbox_chat(self, channel: str, chat_id: int) -> str:
    """Handle one chat's stored updates in order (webhook mode); see messaging.inbox. Failed: the
    updates stay pending and the task is tried again later (after its retries, the sweep does)."""
    countdown = min(INBOX_RETRY_MAX_SECONDS, 5 * 2**self.request.retries)
    try:
        drained = inbox.inbox_chat_drain(channel=channel, chat_id=chat_id)
    except Exception as error:  # the database, the messenger at start-up: nothing was marked handled
        raise self.retry(exc=error, countdown=countdown)
    if drained is inbox.Drained.STALLED:
        raise self.retry(countdown=countdown)
    if drained is inbox.Drained.MORE:
        inbox.inbox_chat_enqueue(channel=channel, chat_id=chat_id)
    return drained.value


@shared_task(acks_late=True)
def sweep_inbox() -> int:
    """Queue the chats whose stored updates wait with no worker on them (see inbox.inbox_sweep)."""
    return inbox.inbox_sweep(older_than=INBOX_SWEEP_AFTER)


@shared_task(acks_late=True)
def poll_email_inbox() -> dict:
    """EMAIL_INBOUND_MODE=imap: read the inbound mailbox (see messaging.email_imap)."""
    from messaging.email_imap import imap_poll  # imap-tools is imported only where it is used

    return imap_poll()
