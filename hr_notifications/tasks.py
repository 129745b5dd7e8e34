"""Celery tasks of HR notifications: thin wrappers around the services."""

from celery import shared_task

from hr_notifications import services


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_hr_notification(self, notification_id: int, attempt: int = 1) -> str:
    """Send one notification to the HR user's Telegram chat. Telegram's rate limit makes it wait
    `retry_after` without counting an attempt; the service gives up after its attempts (retries=None)."""
    outcome = services.hr_notification_deliver(notification_id=notification_id, attempt=attempt)
    if outcome.result in ("retry", "wait"):
        next_attempt = attempt + 1 if outcome.result == "retry" else attempt
        raise self.retry(args=[notification_id], kwargs={"attempt": next_attempt}, countdown=outcome.retry_in)
    return outcome.result
