import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    DeliveryAttemptFactory,
    DeliveryFactory,
    EndpointFactory,
    EventFactory,
    UserFactory,
)
from webhooks.models import DeliveryStatus, Endpoint, EventType

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def test_the_delivery_page_shows_every_attempts_request_and_response(admin_client):
    event = EventFactory(
        payload={"requestBody": {"event_type": "new_message", "text": "hi", "cv": "A" * 5000}}
    )
    delivery = DeliveryFactory(event=event, status=DeliveryStatus.FAILED)
    DeliveryAttemptFactory(
        delivery=delivery,
        number=1,
        response_status=500,
        response_body="upstream exploded",
        request_headers={"webhook-id": str(event.id)},
    )
    DeliveryAttemptFactory(delivery=delivery, number=2, error="ConnectionError: refused")

    page = admin_client.get(reverse("admin:webhooks_delivery_change", args=[delivery.pk])).content.decode()

    assert "upstream exploded" in page
    assert "ConnectionError: refused" in page
    assert str(event.id) in page
    assert "(5000 characters)" in page


def test_the_delivery_list_filters_by_status(admin_client):
    failed = DeliveryFactory(status=DeliveryStatus.FAILED)
    DeliveryFactory(status=DeliveryStatus.DELIVERED)

    response = admin_client.get(reverse("admin:webhooks_delivery_changelist"), {"status__exact": "failed"})

    assert list(response.context["cl"].result_list) == [failed]


def test_the_redeliver_action_makes_a_failed_delivery_due(admin_client):
    delivery = DeliveryFactory(status=DeliveryStatus.FAILED, attempt_count=10)

    response = admin_client.post(
        reverse("admin:webhooks_delivery_changelist"),
        {"action": "redeliver", "_selected_action": [delivery.pk]},
    )

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.schedule_start == 10


def test_the_ping_button_sends_a_signed_ping_and_reports_the_answer(admin_client, httpserver):
    httpserver.expect_request("/hook").respond_with_data("pong", status=200)
    endpoint = EndpointFactory(url=httpserver.url_for("/hook"), secret="whsec_c2VjcmV0LXNlY3JldA==")
    url = reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])
    form = {
        "name": endpoint.name,
        "url": endpoint.url,
        "secret": endpoint.secret,
        "is_enabled": "on",
        "event_types": "[]",
    }

    response = admin_client.post(url, {**form, "_ping": "1"}, follow=True)

    request, _ = httpserver.log[0]
    assert request.get_json()["requestBody"]["event_type"] == EventType.PING
    assert request.headers["webhook-signature"].startswith("v1,")
    assert "answered 200" in response.content.decode()


def test_a_failed_ping_is_reported_and_not_retried(admin_client, httpserver):
    httpserver.expect_request("/hook").respond_with_data("nope", status=500)
    endpoint = EndpointFactory(url=httpserver.url_for("/hook"))

    response = admin_client.post(
        reverse("admin:webhooks_endpoint_changelist"),
        {"action": "send_test_ping", "_selected_action": [endpoint.pk]},
        follow=True,
    )

    assert "500" in response.content.decode()
    assert endpoint.deliveries.get().status == DeliveryStatus.FAILED


def test_an_unknown_event_type_in_the_filter_is_a_form_error(admin_client):
    response = admin_client.post(
        reverse("admin:webhooks_endpoint_add"),
        {
            "name": "x",
            "url": "http://127.0.0.1:9/",
            "secret": "",
            "is_enabled": "on",
            "event_types": '["nope"]',
        },
    )
    assert response.status_code == 200
    assert "A list of event types from" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_a_purged_delivery_cannot_be_redelivered(admin_client):
    delivery = DeliveryFactory(
        status=DeliveryStatus.DELIVERED, event=EventFactory(payload={}, payload_purged_at=timezone.now())
    )
    response = admin_client.post(
        reverse("admin:webhooks_delivery_changelist"),
        {"action": "redeliver", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert "purged" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED


def test_the_delivery_list_does_not_load_payloads(admin_client):
    DeliveryFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(reverse("admin:webhooks_delivery_changelist")).status_code == 200
    assert not any('"webhooks_event"."payload"' in query["sql"] for query in queries.captured_queries)


def test_the_default_endpoints_url_and_secret_are_not_editable(admin_client):
    endpoint = EndpointFactory(
        is_default=True, url="http://127.0.0.1:9/from-settings", secret="whsec_c2VjcmV0"
    )
    url = reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])
    form = {"name": endpoint.name, "url": "http://127.0.0.1:9/edited", "secret": "other", "event_types": "[]"}

    admin_client.post(url, form)

    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.secret) == ("http://127.0.0.1:9/from-settings", "whsec_c2VjcmV0")
    assert not endpoint.is_enabled  # the editable fields still save
