"""webhooks.services.recovery: a success after failures sends the endpoint's failed deliveries again."""

import datetime as dt

import pytest
from django.utils import timezone
from pytest_httpserver import HTTPServer

from tests.factories import DeliveryFactory, EndpointFactory, EventFactory
from webhooks import services
from webhooks.models import Delivery, DeliveryStatus, EventType
from webhooks.services import broker

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch) -> list[tuple[int, dt.datetime | None]]:
    """What was handed to the broker, in order (the task itself is run by the test)."""
    calls: list[tuple[int, dt.datetime | None]] = []
    monkeypatch.setattr(
        broker, "enqueue_batches", lambda ids, *, lease=None: calls.extend((pk, lease) for pk in ids)
    )
    return calls


def _failed(endpoint, number: int, *, hours_ago: float = 1, event_type: str = "new_message"):
    event = EventFactory(event_type=event_type, payload={"requestBody": {"n": number}})
    delivery = DeliveryFactory(event=event, endpoint=endpoint, status=DeliveryStatus.FAILED, attempt_count=3)
    Delivery.objects.filter(pk=delivery.pk).update(updated_at=timezone.now() - dt.timedelta(hours=hours_ago))
    return delivery


def test_a_success_after_failures_sends_the_failed_deliveries_again_in_order(
    httpserver: HTTPServer, settings, queued, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_SCHEDULE = [0.0]
    httpserver.expect_request("/hook").respond_with_data("ok")
    endpoint = EndpointFactory(url=httpserver.url_for("/hook"))
    failed = [_failed(endpoint, n) for n in (1, 2, 3)]
    fresh = DeliveryFactory(endpoint=endpoint, event=EventFactory(payload={"requestBody": {"n": 4}}))

    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_attempt(delivery_id=fresh.pk)  # the receiver is back

    assert [pk for pk, _ in queued] == [d.pk for d in failed]
    for pk, lease in queued:
        services.delivery_attempt(delivery_id=pk, lease=lease)
    bodies = [request.get_json()["requestBody"]["n"] for request, _ in httpserver.log]
    assert bodies == [4, 1, 2, 3]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    assert all(d.schedule_start == 3 for d in Delivery.objects.filter(pk__in=[d.pk for d in failed]))


def test_only_this_endpoints_failures_within_the_retention_window_are_replayed(
    httpserver: HTTPServer, settings, queued, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETENTION_DAYS = 30
    httpserver.expect_request("/hook").respond_with_data("ok")
    endpoint = EndpointFactory(url=httpserver.url_for("/hook"))
    recent = _failed(endpoint, 1)
    old = _failed(endpoint, 2, hours_ago=31 * 24)
    ping = _failed(endpoint, 3, event_type=EventType.PING)
    elsewhere = _failed(EndpointFactory(), 4)
    fresh = DeliveryFactory(endpoint=endpoint)

    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_attempt(delivery_id=fresh.pk)

    assert [pk for pk, _ in queued] == [recent.pk]
    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert statuses[old.pk] == statuses[ping.pk] == statuses[elsewhere.pk] == DeliveryStatus.FAILED


def test_the_replay_on_recovery_can_be_turned_off(httpserver: HTTPServer, settings, queued):
    settings.WEBHOOK_REPLAY_ON_RECOVERY = False
    httpserver.expect_request("/hook").respond_with_data("ok")
    endpoint = EndpointFactory(url=httpserver.url_for("/hook"))
    failed = _failed(endpoint, 1)

    services.delivery_attempt(delivery_id=DeliveryFactory(endpoint=endpoint).pk)

    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.FAILED


def test_a_failure_replays_nothing(httpserver: HTTPServer, settings, queued):
    settings.WEBHOOK_RETRY_SCHEDULE = [60.0]
    httpserver.expect_request("/hook").respond_with_data("down", status=500)
    endpoint = EndpointFactory(url=httpserver.url_for("/hook"))
    failed = _failed(endpoint, 1)

    services.delivery_attempt(delivery_id=DeliveryFactory(endpoint=endpoint).pk)

    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.FAILED


def test_hr_replays_the_failed_deliveries_since_a_time(queued, django_capture_on_commit_callbacks):
    endpoint = EndpointFactory()
    _failed(endpoint, 1, hours_ago=48)
    recent = [_failed(endpoint, n, hours_ago=2) for n in (2, 3)]

    with django_capture_on_commit_callbacks(execute=True):
        count = services.deliveries_replay_failed(
            endpoint=endpoint, since=timezone.now() - dt.timedelta(hours=24)
        )

    assert count == 2
    assert [pk for pk, _ in queued] == [d.pk for d in recent]
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 2
