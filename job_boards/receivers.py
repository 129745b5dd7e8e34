"""The hh.ru integration listens to the candidates domain: an hh application's stage change queues
the matching hh.ru action (in the change's transaction)."""

from django.conf import settings
from django.dispatch import receiver

from candidates.signals import application_status_changed
from job_boards.services.actions import hh_action_queue


@receiver(application_status_changed, dispatch_uid="job_boards.hh_stage_sync")
def _on_application_moved(sender, *, application, new_status, **kwargs) -> None:
    if settings.HH_ENABLED:
        hh_action_queue(application=application, new_status=new_status)
