"""Messaging listens to the candidates domain: a stage change may notify the candidate."""

from django.dispatch import receiver

from candidates.signals import candidate_status_changed
from messaging.notifications import status_notification_schedule


@receiver(candidate_status_changed, dispatch_uid="messaging.status_notification")
def _on_status_changed(sender, *, candidate, new_status, **kwargs) -> None:
    status_notification_schedule(candidate=candidate, new_status=new_status)
