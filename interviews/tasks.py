"""Celery tasks of interviews: thin wrappers around the services."""

from celery import shared_task

from interviews import services


@shared_task(acks_late=True)
def send_interview_reminders() -> int:
    """Remind candidates two hours before their interview (beat runs it every few minutes)."""
    return services.interviews_send_reminders()
