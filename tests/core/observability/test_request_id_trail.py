"""One id from an API call to the Celery task and the webhook delivery it caused."""

import pytest
from pytest_httpserver import HTTPServer

from tests.factories import CandidateFactory
from tests.webhooks.conftest import SECRET

# A real commit inside the request: on_commit publishes the task while the request runs, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def receiver(httpserver: HTTPServer, settings) -> HTTPServer:
    settings.ONEF_WEBHOOK_URL = httpserver.url_for("/onef/webhook")
    settings.ONEF_WEBHOOK_SECRET = SECRET
    settings.ONEF_API_AUTH = "off"
    settings.INTEGRATION_RPS = 100_000
    httpserver.expect_request("/onef/webhook", method="POST").respond_with_data("", status=204)
    return httpserver


def test_the_request_id_of_an_api_call_is_in_the_logs_of_its_task_and_webhook_delivery(
    client, receiver, json_logs, eager_celery
):
    candidate = CandidateFactory(status="new")

    response = client.post(
        f"/api/onef/candidates/{candidate.id}/status",
        {"status": "reviewing"},
        content_type="application/json",
        HTTP_X_REQUEST_ID="trail-0001",
    )

    assert response.status_code == 200 and response["X-Request-ID"] == "trail-0001"
    assert len(receiver.log) == 1
    records = json_logs.records()
    web = [r for r in records if r["logger"] == "recruitment.access"]
    assert web and web[-1]["request_id"] == "trail-0001"
    assert "/api/onef/candidates/" in web[-1]["message"]
    delivery = [r for r in records if r["message"].startswith("Webhook candidate_status_changed")]
    assert len(delivery) == 1
    assert delivery[0]["request_id"] == "trail-0001"
    assert delivery[0]["task_name"] == "webhooks.tasks.deliver_batch"
    assert delivery[0]["task_id"]
