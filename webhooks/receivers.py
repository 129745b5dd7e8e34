"""Turns domain signals into outbox rows, inside the transaction of the change that sent them."""

from typing import Any

from django.dispatch import receiver

from candidates.models import Candidate
from candidates.signals import (
    application_screened,
    candidate_anonymized,
    candidate_merge_undone,
    candidate_merged,
    candidate_status_changed,
    grade_shared,
)
from messaging.models import MessageDirection
from messaging.signals import message_received
from tests_app.signals import attempt_status_changed
from webhooks import payloads
from webhooks.models import EventType
from webhooks.services import event_emit, events_scrub_candidate


@receiver(candidate_status_changed, dispatch_uid="webhooks.candidate_status_changed")
def on_candidate_status_changed(*, candidate, new_status: str, **kwargs: Any) -> None:
    event_emit(
        event_type=EventType.CANDIDATE_STATUS_CHANGED,
        body=payloads.candidate_status_changed(candidate, new_status),
        candidate_id=candidate.pk,
    )


@receiver(application_screened, dispatch_uid="webhooks.application_screened")
def on_application_screened(*, application, **kwargs: Any) -> None:
    # Re-read: the screening stored the rating on its own copy of the candidate.
    candidate = Candidate.objects.get(pk=application.candidate_id)
    event_emit(
        event_type=EventType.NEW_APPLICATION,
        body=payloads.new_application(application, candidate),
        candidate_id=candidate.pk,
    )


@receiver(grade_shared, dispatch_uid="webhooks.grade_shared")
def on_grade_shared(*, grade, **kwargs: Any) -> None:
    event_emit(
        event_type=EventType.GRADE_SHARED, body=payloads.grade_shared(grade), candidate_id=grade.candidate_id
    )


@receiver(attempt_status_changed, dispatch_uid="webhooks.attempt_status_changed")
def on_attempt_status_changed(*, attempt, new_status: str, **kwargs: Any) -> None:
    event_emit(
        event_type=EventType.TEST_STATUS_CHANGED,
        body=payloads.test_status_changed(attempt, new_status),
        candidate_id=attempt.candidate_id,
    )


@receiver(message_received, dispatch_uid="webhooks.message_received")
def on_message_received(*, message, **kwargs: Any) -> None:
    if message.direction != MessageDirection.INBOUND:
        return
    event_emit(
        event_type=EventType.NEW_MESSAGE,
        body=payloads.new_message(message),
        candidate_id=message.candidate_id,
    )


@receiver(candidate_anonymized, dispatch_uid="webhooks.candidate_anonymized")
def on_candidate_anonymized(*, candidate, **kwargs: Any) -> None:
    events_scrub_candidate(candidate_id=candidate.pk)


@receiver(candidate_merged, dispatch_uid="webhooks.candidate_merged")
def on_candidate_merged(*, merge, **kwargs: Any) -> None:
    event_emit(
        event_type=EventType.CANDIDATE_MERGED,
        body=payloads.candidate_merged(merge),
        candidate_id=merge.kept_id,
    )


@receiver(candidate_merge_undone, dispatch_uid="webhooks.candidate_merge_undone")
def on_candidate_merge_undone(*, merge, **kwargs: Any) -> None:
    event_emit(
        event_type=EventType.CANDIDATE_UNMERGED,
        body=payloads.candidate_unmerged(merge),
        candidate_id=merge.kept_id,
    )
