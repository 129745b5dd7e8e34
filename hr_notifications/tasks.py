"""Celery tasks of HR notifications: thin wrappers around the services."""

from celery import shared_task

from hr_notifications import services

MAX_RETRIES = 5


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def deliver_hr_notification(self, notification_id: int) -> str:
    outcome = services.hr_notification_deliver(
        notification_id=notification_id, final_attempt=self.request.retries >= MAX_RETRIES
    )
    if outcome == "retry":
        raise self.retry(countdown=30 * 2**self.request.retries)
    return outcome
