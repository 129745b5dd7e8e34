"""Messaging listens to the candidates domain: a stage change may notify the candidate."""

from django.dispatch import receiver

from candidates.models import Application
from candidates.signals import (
    application_status_changed,
    candidate_anonymized,
    candidate_merge_undone,
    candidate_merging,
    candidate_status_changed,
)
from messaging.channel_merge import channels_prepare_merge, channels_restore_after_undo
from messaging.channels import channels_erase
from messaging.notifications import status_notification_schedule


@receiver(application_status_changed, dispatch_uid="messaging.application_status_notification")
def _on_application_moved(sender, *, application, new_status, **kwargs) -> None:
    status_notification_schedule(
        candidate=application.candidate, new_status=new_status, application=application
    )


@receiver(candidate_status_changed, dispatch_uid="messaging.status_notification")
def _on_status_changed(sender, *, candidate, new_status, **kwargs) -> None:
    # A candidate with applications is notified per application (above); this covers one without any.
    if not Application.objects.filter(candidate_id=candidate.pk).exists():
        status_notification_schedule(candidate=candidate, new_status=new_status)


@receiver(candidate_anonymized, dispatch_uid="messaging.channels_erase")
def _on_candidate_anonymized(sender, *, candidate, **kwargs) -> None:
    channels_erase(candidate=candidate)


@receiver(candidate_merging, dispatch_uid="messaging.channels_merge")
def _on_candidate_merging(sender, *, kept, merged, **kwargs) -> dict:
    return channels_prepare_merge(kept=kept, merged=merged)


@receiver(candidate_merge_undone, dispatch_uid="messaging.channels_unmerge")
def _on_candidate_merge_undone(sender, *, merge, **kwargs) -> None:
    channels_restore_after_undo(merge=merge)
