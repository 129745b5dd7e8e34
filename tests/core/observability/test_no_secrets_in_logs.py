"""A webhook delivery and an outbound Telegram send at DEBUG, against local fake servers: the
captured logs (both formats) contain none of the secrets involved."""

import base64
import logging

import pytest
from pytest_httpserver import HTTPServer

from onef_api.services import api_key_create
from tests.factories import CandidateFactory
from tests.fake_telegram import TOKEN
from tests.webhooks.conftest import SECRET

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_settings(telegram_settings, httpserver: HTTPServer):
    settings = telegram_settings
    settings.ONEF_WEBHOOK_URL = httpserver.url_for("/onef/webhook")
    settings.ONEF_WEBHOOK_SECRET = SECRET
    settings.ONEF_API_AUTH = "required"
    settings.INTEGRATION_RPS = 100_000
    httpserver.expect_request("/onef/webhook", method="POST").respond_with_data("", status=204)
    return settings


def _secret_fragments(raw_key: str) -> list[str]:
    return [
        TOKEN,
        TOKEN.split(":")[1],
        raw_key,
        SECRET,
        SECRET.removeprefix("whsec_"),
        "integration-test-secret",
    ]


def _activity(client, raw_key: str, fake_telegram) -> None:
    candidate = CandidateFactory(status="new", telegram_id=424242)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}", "HTTP_X_REQUEST_ID": "secrets-check"}
    sent = client.post(
        "/api/onef/messages",
        {"candidate_id": str(candidate.id), "text": "Hello"},
        content_type="application/json",
        **auth,
    )
    changed = client.post(
        f"/api/onef/candidates/{candidate.id}/status",
        {"status": "reviewing"},
        content_type="application/json",
        **auth,
    )
    assert sent.status_code in (200, 201) and changed.status_code == 200
    assert fake_telegram.sent("sendMessage"), "the outbound message reached the fake Bot API"
    # What other loggers write carries the same values: httpx (python-telegram-bot), a header dump.
    logging.getLogger("httpx").info(
        f'HTTP Request: POST {fake_telegram.base_url}/bot{TOKEN}/getUpdates "200"'
    )
    logging.getLogger("telegram.ext").debug("headers %r", {"Authorization": f"Bearer {raw_key}"})
    logging.getLogger("django").debug("X-API-Key: %s; secret %s", raw_key, SECRET)


@pytest.mark.parametrize("capture", ["json_logs", "plain_logs"])
def test_no_secret_reaches_the_logs_at_debug(
    client, live_settings, fake_telegram, eager_celery, capture, request
):
    logs = request.getfixturevalue(capture)
    raw_key = api_key_create(name="secrets")[1]

    _activity(client, raw_key, fake_telegram)

    text = logs.text
    assert "/bot[REDACTED]/sendMessage" in text  # urllib3 logged the Bot API URL, masked
    assert "Webhook candidate_status_changed" in text  # the delivery ran and logged
    for fragment in _secret_fragments(raw_key):
        assert fragment not in text, fragment
    assert base64.b64decode(SECRET.removeprefix("whsec_")).decode() not in text
    if capture == "json_logs":
        assert all(line["request_id"] for line in logs.records())
