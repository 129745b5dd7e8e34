from celery import shared_task

from tests_app import services


@shared_task
def close_overdue_attempts() -> dict[str, int]:
    return services.attempts_close_overdue()
