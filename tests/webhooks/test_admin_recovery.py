"""The webhooks admin: payloads redacted for HR managers, endpoint health, "replay failed since ..."."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backoffice.permissions import hr_manager_group_sync
from tests.factories import DeliveryFactory, EndpointFactory, EventFactory, UserFactory
from webhooks.models import Delivery, DeliveryStatus
from webhooks.redaction import redacted
from webhooks.services import broker

pytestmark = pytest.mark.django_db
PERSONAL = {
    "requestBody": {
        "event_type": "new_application",
        "vacancy_id": "v-1",
        "candidate": {
            "id": "c-1",
            "fullname": "Greta Lind",
            "email": "greta@example.com",
            "phone": "+79161234567",
            "dob": "1990-01-02",
            "telegram_id": 987654321,
            "cv": "UEsDBBQ" * 50,
        },
    }
}
SECRETS = ["Greta Lind", "greta@example.com", "+79161234567", "1990-01-02", "987654321", "UEsDBBQ"]


@pytest.fixture
def hr_client(client):
    user = UserFactory(is_staff=True)
    user.groups.add(hr_manager_group_sync())
    client.force_login(user)
    return client


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_redaction_keeps_the_structure_ids_and_types_and_hides_personal_values():
    shown = redacted(PERSONAL)["requestBody"]

    assert shown["event_type"] == "new_application"
    assert shown["candidate"]["id"] == "c-1"
    assert shown["candidate"]["fullname"] == "[redacted: 10 characters]"
    assert shown["candidate"]["telegram_id"] == "[redacted]"
    assert not any(secret in str(shown) for secret in SECRETS)


@pytest.mark.parametrize("page", ["event", "delivery"])
def test_an_hr_manager_sees_event_payloads_only_redacted(hr_client, page):
    delivery = DeliveryFactory(event=EventFactory(event_type="new_application", payload=PERSONAL))
    target = delivery.event_id if page == "event" else delivery.pk

    response = hr_client.get(reverse(f"admin:webhooks_{page}_change", args=[target]))

    text = response.content.decode()
    assert response.status_code == 200
    assert "new_application" in text and "c-1" in text
    assert [secret for secret in SECRETS if secret in text] == []
    assert "Personal data is redacted" in text


def test_a_superuser_sees_the_payload_as_sent(superuser_client):
    event = EventFactory(event_type="new_application", payload=PERSONAL)

    text = superuser_client.get(reverse("admin:webhooks_event_change", args=[event.pk])).content.decode()

    assert "greta@example.com" in text


def test_the_endpoint_list_shows_each_endpoints_health_in_constant_queries(superuser_client):
    healthy, failing = EndpointFactory(name="Healthy"), EndpointFactory(name="Failing")
    DeliveryFactory(endpoint=healthy, status=DeliveryStatus.DELIVERED, delivered_at=timezone.now())
    for _ in range(3):
        DeliveryFactory(endpoint=failing, status=DeliveryStatus.FAILED, attempt_count=10)
    DeliveryFactory(endpoint=failing, status=DeliveryStatus.PENDING, attempt_count=2)

    def queries_to_list():
        with CaptureQueriesContext(connection) as context:
            response = superuser_client.get(reverse("admin:webhooks_endpoint_changelist"))
        assert response.status_code == 200
        return len(context), response

    two, response = queries_to_list()
    rows = {row.name: row for row in response.context["cl"].result_list}
    assert (rows["Healthy"].delivered_last_day, rows["Healthy"].failed) == (1, 0)
    assert (rows["Failing"].failed, rows["Failing"].retrying) == (3, 1)
    text = response.content.decode()
    assert "healthy" in text and "failing" in text

    for name in ("Third", "Fourth", "Fifth"):
        endpoint = EndpointFactory(name=name)
        DeliveryFactory(endpoint=endpoint, status=DeliveryStatus.FAILED, attempt_count=10)
        DeliveryFactory(endpoint=endpoint, status=DeliveryStatus.DELIVERED, delivered_at=timezone.now())
    five, response = queries_to_list()
    assert len(response.context["cl"].result_list) == 5
    assert two == five <= 12


def test_replay_failed_since_asks_for_a_time_then_queues_those_deliveries(
    superuser_client, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(broker, "enqueue_batches", lambda ids, **kwargs: queued.extend(ids))
    endpoint = EndpointFactory()
    old = DeliveryFactory(endpoint=endpoint, status=DeliveryStatus.FAILED)
    Delivery.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=3))
    recent = DeliveryFactory(endpoint=endpoint, status=DeliveryStatus.FAILED)
    url = reverse("admin:webhooks_endpoint_changelist")
    chosen = {"action": "replay_failed", "_selected_action": [endpoint.pk]}

    form_page = superuser_client.post(url, chosen)
    assert form_page.status_code == 200
    assert b"replay-form" in form_page.content

    since = timezone.localtime() - dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            url, {**chosen, "apply": "1", "since": since.strftime("%Y-%m-%d %H:%M")}, follow=True
        )

    assert "1 failed delivery queued again" in response.content.decode()
    assert queued == [recent.pk]
    old.refresh_from_db()
    assert old.status == DeliveryStatus.FAILED
