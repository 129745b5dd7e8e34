"""Writing the outbox: an event and its deliveries in the transaction of the change that caused it."""

from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from webhooks.models import CandidateSequence, Delivery, Endpoint, Event
from webhooks.services import broker
from webhooks.services.endpoints import endpoints_receiving


def event_emit(
    *,
    event_type: str,
    body: dict[str, Any],
    candidate_id: Any = None,
    endpoints: list[Endpoint] | None = None,
    enqueue: bool = True,
) -> Event | None:
    """Write the event and one delivery per receiving endpoint in the caller's transaction.

    The tasks are queued only once that transaction commits, batched with every other delivery it
    emits (broker.enqueue_on_commit); a rollback sends nothing.
    Returns None when no endpoint receives this type (nothing is stored then).
    """
    if endpoints is None:
        endpoints = endpoints_receiving(event_type=event_type)
    if not endpoints:
        return None
    now = timezone.now()
    # No savepoint: inside the change's transaction a failure here must roll the change back anyway.
    with transaction.atomic(savepoint=False):
        event = Event.objects.create(
            event_type=event_type,
            payload=body,
            candidate_id=candidate_id,
            sequence=candidate_sequence_next(candidate_id=candidate_id),
        )
        deliveries = Delivery.objects.bulk_create(
            [Delivery(event=event, endpoint=endpoint, next_attempt_at=now) for endpoint in endpoints]
        )
    if enqueue:
        broker.enqueue_on_commit([delivery.pk for delivery in deliveries])
    return event


def candidate_sequence_next(*, candidate_id: Any) -> int | None:
    """The candidate's next event number, in one upsert whose row lock lasts until the caller commits."""
    if candidate_id is None:
        return None
    table = connection.ops.quote_name(CandidateSequence._meta.db_table)
    key = CandidateSequence._meta.pk.get_db_prep_value(candidate_id, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (candidate_id, last) VALUES (%s, 1) "
            f"ON CONFLICT (candidate_id) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [key],
        )
        return cursor.fetchone()[0]
