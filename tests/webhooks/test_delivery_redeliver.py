import pytest

from tests.factories import DeliveryFactory, EndpointFactory
from webhooks import selectors, services
from webhooks.models import DeliveryStatus

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


def test_failing_count_includes_deliveries_waiting_to_retry():
    DeliveryFactory(status=DeliveryStatus.PENDING, attempt_count=1)
    DeliveryFactory(status=DeliveryStatus.PENDING, attempt_count=0)
    DeliveryFactory(status=DeliveryStatus.DELIVERED, attempt_count=1)
    assert selectors.failing_deliveries_count() == 1
