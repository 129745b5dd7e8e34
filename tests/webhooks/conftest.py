import base64

import pytest
from pytest_httpserver import HTTPServer

from webhooks import services
from webhooks.models import Delivery, DeliveryStatus

SECRET = "whsec_" + base64.b64encode(b"integration-test-secret-32-bytes").decode()


@pytest.fixture
def onef_receiver(httpserver: HTTPServer, settings) -> HTTPServer:
    """The default endpoint (ONEF_WEBHOOK_URL) pointed at a real local HTTP server, signing on."""
    settings.ONEF_WEBHOOK_URL = httpserver.url_for("/onef/webhook")
    settings.ONEF_WEBHOOK_SECRET = SECRET
    settings.WEBHOOK_RETRY_SCHEDULE = [5.0, 30.0, 120.0]
    return httpserver


def send_due() -> list:
    """What the task does for each queued delivery, run in-process."""
    return [
        services.delivery_attempt(delivery_id=pk)
        for pk in Delivery.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True)
    ]


def received_bodies(httpserver: HTTPServer) -> list[dict]:
    return [request.get_json() for request, _ in httpserver.log]
