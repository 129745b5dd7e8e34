import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import DeliveryFactory, EndpointFactory
from webhooks import services
from webhooks.models import Delivery, DeliveryStatus
from webhooks.services import broker

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch) -> list:
    """What the sweeper hands to the broker (the enqueue itself is the broker's business)."""
    calls: list = []
    monkeypatch.setattr(broker, "enqueue", lambda pk, lease=None, countdown=None: calls.append((pk, lease)))
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
