"""Erase what the outbox holds of an anonymised candidate: event payloads and delivery bodies.

The events and deliveries stay (the history of what was sent, when, and how it went); their
bodies are blanked as the retention purge blanks them, and a delivery still waiting is given up:
it would otherwise send the erased person's data, or an empty body.
"""

from django.db import transaction
from django.utils import timezone

from webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus, Event

ERASED = "The candidate was anonymised: the payload was erased."


def events_scrub_candidate(*, candidate_id) -> int:
    """Blank every payload and delivery body about the candidate; returns how many events."""
    now = timezone.now()
    with transaction.atomic():
        events = Event.objects.filter(candidate_id=candidate_id)
        DeliveryAttempt.objects.filter(delivery__event__in=events).update(
            request_body="", response_body="", updated_at=now
        )
        Delivery.objects.filter(
            event__in=events, status__in=[DeliveryStatus.PENDING, DeliveryStatus.DELIVERING]
        ).update(status=DeliveryStatus.FAILED, last_error=ERASED, updated_at=now)
        return events.update(payload={}, payload_purged_at=now, updated_at=now)
