"""webhooks.services.sweep: queueing due deliveries no task holds, and purging old payloads."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import DeliveryFactory, EndpointFactory, EventFactory
from webhooks import services
from webhooks.models import Delivery, DeliveryStatus, Event
from webhooks.services import broker

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch) -> list:
    """What the sweeper hands to the broker (the enqueue itself is the broker's business)."""
    calls: list = []
    monkeypatch.setattr(
        broker, "enqueue_batches", lambda ids, lease=None: calls.extend((pk, lease) for pk in ids)
    )
    return calls


def _overdue(**kwargs) -> Delivery:
    return DeliveryFactory(next_attempt_at=timezone.now() - dt.timedelta(minutes=1), **kwargs)


def test_the_sweeper_queues_overdue_deliveries_no_one_holds_with_a_lease(queued):
    free = _overdue()
    expired = _overdue(
        status=DeliveryStatus.DELIVERING, locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    _overdue(status=DeliveryStatus.DELIVERING, locked_until=timezone.now() + dt.timedelta(minutes=1))
    _overdue(status=DeliveryStatus.DELIVERED)
    _overdue(status=DeliveryStatus.FAILED)
    _overdue(endpoint=EndpointFactory(is_enabled=False))
    DeliveryFactory(next_attempt_at=timezone.now() + dt.timedelta(minutes=5))

    assert services.deliveries_sweep() == 2

    assert {pk for pk, _ in queued} == {free.pk, expired.pk}
    free.refresh_from_db()
    assert free.locked_until == queued[0][1] or free.locked_until == queued[1][1]
    # A second sweep finds them held by the first one's lease.
    assert services.deliveries_sweep() == 0


def test_a_swept_task_claims_with_the_sweepers_lease(queued, httpserver):
    httpserver.expect_request("/hook").respond_with_data("ok")
    delivery = _overdue(endpoint=EndpointFactory(url=httpserver.url_for("/hook")))
    services.deliveries_sweep()
    (_, lease) = queued[0]

    assert services.delivery_attempt(delivery_id=delivery.pk) is None  # a stray task without the lease
    attempt = services.delivery_attempt(delivery_id=delivery.pk, lease=lease)

    assert attempt.response_status == 200
    assert services.delivery_attempt(delivery_id=delivery.pk, lease=lease) is None  # used once
    assert len(httpserver.log) == 1


def test_the_sweeper_leaves_fresh_deliveries_to_their_on_commit_task(queued):
    DeliveryFactory(next_attempt_at=timezone.now())
    assert services.deliveries_sweep() == 0


def _event_aged(days: int, *statuses: str) -> Event:
    event = EventFactory(payload={"requestBody": {"cv_file_base64": "JVBERi0x"}})
    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    for status in statuses:
        DeliveryFactory(event=event, status=status)
    return event


def test_payloads_delivered_everywhere_before_the_retention_period_are_blanked(settings):
    settings.WEBHOOK_RETENTION_DAYS = 30
    old_delivered = _event_aged(31, DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED)
    old_partly_failed = _event_aged(31, DeliveryStatus.DELIVERED, DeliveryStatus.FAILED)
    recent = _event_aged(29, DeliveryStatus.DELIVERED)

    assert services.deliveries_purge() == 1

    old_delivered.refresh_from_db()
    assert old_delivered.payload == {}
    assert old_delivered.payload_purged_at is not None
    for kept in (old_partly_failed, recent):
        kept.refresh_from_db()
        assert kept.payload["requestBody"]["cv_file_base64"] == "JVBERi0x"
    assert services.deliveries_purge() == 0
