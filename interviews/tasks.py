"""Celery tasks of interviews: thin wrappers around the services."""

from celery import shared_task

from interviews import caldav_sync, services


@shared_task(acks_late=True)
def send_interview_reminders() -> int:
    """Remind candidates two hours before their interview (beat runs it every few minutes)."""
    return services.interviews_send_reminders()


@shared_task(acks_late=True)
def sync_calendars() -> int:
    """Read the interviewers' CalDAV calendars into busy times (beat runs it every minute)."""
    return caldav_sync.calendars_sync_due()
