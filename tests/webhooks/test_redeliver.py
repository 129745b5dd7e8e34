"""webhooks.services.redeliver: HR sends a delivery again, or pings an endpoint."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from tests.factories import DeliveryFactory, EndpointFactory
from tests.webhooks.conftest import SECRET
from webhooks import selectors, services
from webhooks.models import DeliveryStatus, Event, EventType

pytestmark = pytest.mark.django_db


def test_redeliver_sends_a_failed_delivery_again_with_a_fresh_schedule(httpserver, settings):
    settings.WEBHOOK_RETRY_SCHEDULE = [0.0]
    httpserver.expect_request("/hook").respond_with_data("ok")
    delivery = DeliveryFactory(
        endpoint=EndpointFactory(url=httpserver.url_for("/hook")),
        status=DeliveryStatus.FAILED,
        attempt_count=2,
    )
    assert selectors.failing_deliveries_count() == 1

    services.delivery_redeliver(delivery=delivery)
    attempt = services.delivery_attempt(delivery_id=delivery.pk)

    assert attempt.number == 3
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.schedule_start == 2
    assert selectors.failing_deliveries_count() == 0


def test_a_purged_event_cannot_be_sent_again():
    delivery = DeliveryFactory(status=DeliveryStatus.DELIVERED)
    Event.objects.filter(pk=delivery.event_id).update(payload={}, payload_purged_at=timezone.now())
    with pytest.raises(ValidationError, match="purged"):
        services.delivery_redeliver(delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED


def test_a_ping_is_signed_sent_at_once_and_recorded(httpserver):
    httpserver.expect_request("/hook").respond_with_data("pong")
    endpoint = EndpointFactory(url=httpserver.url_for("/hook"), secret=SECRET)

    attempt = services.endpoint_ping(endpoint=endpoint)

    assert (attempt.response_status, attempt.response_body) == (200, "pong")
    request, _ = httpserver.log[0]
    payload = Webhook(SECRET).verify(request.get_data(as_text=True), dict(request.headers))
    assert payload["requestBody"]["event_type"] == EventType.PING


def test_a_disabled_endpoint_is_not_pinged(httpserver):
    assert (
        services.endpoint_ping(endpoint=EndpointFactory(url=httpserver.url_for("/hook"), is_enabled=False))
        is None
    )
    assert httpserver.log == []
    assert not Event.objects.exists()
