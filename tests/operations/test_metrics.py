import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onef_api.services import api_key_create
from tests.factories import AttemptFactory, DeliveryFactory, EndpointFactory, OutboundMessageFactory
from webhooks.models import DeliveryStatus

pytestmark = pytest.mark.django_db
TOKEN = "metrics-test-token-1234"


@pytest.fixture
def metrics_settings(settings, embedded_settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []
    return settings


def scrape(client) -> str:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def value(text: str, name: str, **labels) -> float:
    """The sample `name{labels}`; fails when absent."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        sample, _, number = line.rpartition(" ")
        found = dict(re.findall(r'(\w+)="([^"]*)"', sample))
        if sample.split("{")[0] == name and found == {k: str(v) for k, v in labels.items()}:
            return float(number)
    raise AssertionError(f"no sample {name}{labels}")


def test_metrics_is_404_when_neither_a_token_nor_addresses_are_configured(client, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_IPS = "", []
    assert client.get("/metrics").status_code == 404


def test_metrics_refuses_without_the_token_or_with_a_wrong_one(client, metrics_settings):
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 403


def test_metrics_admits_an_allowed_network_without_a_token(client, metrics_settings):
    metrics_settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.168.1.1").status_code == 403


def test_every_family_has_the_right_values_after_scripted_activity(client, metrics_settings, settings):
    endpoint = EndpointFactory(name="onef")
    DeliveryFactory(endpoint=endpoint, status=DeliveryStatus.FAILED, attempt_count=10)
    DeliveryFactory(endpoint=endpoint, status=DeliveryStatus.PENDING, attempt_count=2)
    DeliveryFactory(endpoint=endpoint, status=DeliveryStatus.PENDING, attempt_count=0)
    DeliveryFactory(endpoint=endpoint, status=DeliveryStatus.DELIVERED, attempt_count=1)
    OutboundMessageFactory()  # queued
    OutboundMessageFactory(delivery_status="failed", delivery_error="Forbidden")
    AttemptFactory(status="in_progress", started_at=timezone.now())
    AttemptFactory(status="pending")
    settings.ONEF_API_AUTH, settings.INTEGRATION_RPS = "required", 1
    key = api_key_create(name="metrics")[1]
    api = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    statuses = [client.get("/api/onef/vacancies", **api).status_code for _ in range(3)]
    assert 429 in statuses

    text = scrape(client)

    assert value(text, "webhook_deliveries", endpoint="onef", state="failed") == 1
    assert value(text, "webhook_deliveries", endpoint="onef", state="retrying") == 1
    assert value(text, "webhook_deliveries", endpoint="onef", state="pending") == 1
    assert value(text, "webhook_oldest_pending_age_seconds", endpoint="onef") >= 0
    assert value(text, "telegram_outbound_messages", state="queued") == 1
    assert value(text, "telegram_outbound_messages", state="failed") == 1
    assert value(text, "test_attempts_in_progress") == 1
    assert value(text, "telegram_bot_configured") in (0, 1)
    refusals = [line for line in text.splitlines() if line.startswith("onef_api_rate_limited_total{")]
    assert any("key:" in line for line in refusals)
    route = "api/onef/vacancies"
    assert value(text, "http_requests_total", route=route, method="GET", status="429") >= 1
    assert value(text, "http_request_duration_seconds_count", route=route, method="GET", status="200") >= 1


def test_the_oldest_pending_age_counts_from_the_oldest_undelivered_row(client, metrics_settings):
    import datetime as dt

    from webhooks.models import Delivery

    old = DeliveryFactory(endpoint=EndpointFactory(name="slow"), status=DeliveryStatus.PENDING)
    Delivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(minutes=10))

    assert 590 <= value(scrape(client), "webhook_oldest_pending_age_seconds", endpoint="slow") <= 700


def test_the_celery_queue_length_is_read_from_redis(client, metrics_settings, redis_settings, private_redis):
    import redis

    redis.Redis.from_url(private_redis.url).rpush("celery", "a", "b", "c")

    assert value(scrape(client), "celery_queue_length", queue="celery") == 3


def test_the_embedded_broker_exposes_no_queue_length(client, metrics_settings):
    assert "celery_queue_length" not in scrape(client)


def test_a_scrape_runs_a_constant_number_of_queries(client, metrics_settings):
    for name in ("a", "b", "c"):
        endpoint = EndpointFactory(name=name)
        DeliveryFactory.create_batch(3, endpoint=endpoint, status=DeliveryStatus.PENDING)
    OutboundMessageFactory.create_batch(3)

    with CaptureQueriesContext(connection) as queries:
        scrape(client)

    assert len(queries) == 4  # deliveries grouped, messages grouped, attempts counted, the bot's inbox


def test_the_bot_inbox_shows_what_waits_and_how_old_the_last_update_is(client, metrics_settings):
    import datetime as dt

    from messaging.models import TelegramUpdate

    TelegramUpdate.objects.create(update_id=1, payload={}, handled_at=timezone.now())
    TelegramUpdate.objects.create(update_id=2, payload={})
    TelegramUpdate.objects.update(created_at=timezone.now() - dt.timedelta(minutes=3))

    text = scrape(client)

    assert value(text, "telegram_updates", state="waiting") == 1
    assert value(text, "telegram_updates", state="handled") == 1
    assert 170 <= value(text, "telegram_last_update_age_seconds") <= 300


def test_without_any_update_there_is_no_last_update_age(client, metrics_settings):
    assert "telegram_last_update_age_seconds" not in scrape(client)


def test_the_age_of_the_oldest_waiting_update_shows_a_stuck_inbox_in_either_mode(
    client, metrics_settings, settings
):
    import datetime as dt

    from messaging.models import TelegramUpdate

    text = scrape(client)
    assert value(text, "telegram_inbox_oldest_waiting_age_seconds") == 0
    assert value(text, "telegram_webhook_mode") == 0

    now = timezone.now()
    TelegramUpdate.objects.create(update_id=1, payload={}, handled_at=now)
    TelegramUpdate.objects.create(update_id=2, payload={})
    TelegramUpdate.objects.create(update_id=3, payload={})
    TelegramUpdate.objects.filter(update_id=1).update(created_at=now - dt.timedelta(minutes=30))
    TelegramUpdate.objects.filter(update_id=2).update(created_at=now - dt.timedelta(minutes=5))
    settings.TELEGRAM_MODE = "webhook"

    text = scrape(client)
    assert 290 <= value(text, "telegram_inbox_oldest_waiting_age_seconds") <= 400  # update 2, not 1
    assert value(text, "telegram_webhook_mode") == 1
