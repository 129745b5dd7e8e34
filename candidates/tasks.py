from celery import shared_task

from candidates import screening
from candidates.models import Application


@shared_task(acks_late=True)
def screen_application(application_id: int) -> None:
    application = Application.objects.select_related("candidate", "vacancy").filter(pk=application_id).first()
    if application is None or application.screened_at is not None:
        return
    screening.application_screen(application=application)
