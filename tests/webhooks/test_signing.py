"""webhooks.services.signing: Standard Webhooks headers an integrator verifies with the library."""

import time

import pytest
from standardwebhooks.webhooks import Webhook

from candidates import services as candidate_services
from tests.factories import CandidateFactory
from tests.webhooks.conftest import SECRET, send_due
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db


def _emit_status_change() -> Delivery:
    candidate_services.candidate_status_change(candidate=CandidateFactory(), status="reviewing")
    return Delivery.objects.get()


def test_an_integrator_verifies_the_signature_with_the_library(onef_receiver):
    onef_receiver.expect_request("/onef/webhook").respond_with_data("ok")
    delivery = _emit_status_change()

    send_due()

    request, _ = onef_receiver.log[0]
    payload = Webhook(SECRET).verify(request.get_data(as_text=True), dict(request.headers))
    assert payload["requestBody"]["event_type"] == "candidate_status_changed"
    assert request.headers["webhook-id"] == str(delivery.event_id)
    assert abs(int(request.headers["webhook-timestamp"]) - time.time()) < 60
    assert request.headers["webhook-signature"].startswith("v1,")
    assert request.headers["Content-Type"] == "application/json"


def test_a_tampered_body_fails_verification(onef_receiver):
    onef_receiver.expect_request("/onef/webhook").respond_with_data("ok")
    _emit_status_change()
    send_due()
    request, _ = onef_receiver.log[0]
    with pytest.raises(Exception, match="signature"):
        Webhook(SECRET).verify(
            request.get_data(as_text=True).replace("reviewing", "accepted"), dict(request.headers)
        )


def test_an_endpoint_without_secret_gets_no_signature(onef_receiver, settings):
    settings.ONEF_WEBHOOK_SECRET = ""
    onef_receiver.expect_request("/onef/webhook").respond_with_data("ok")
    _emit_status_change()
    send_due()
    request, _ = onef_receiver.log[0]
    assert "webhook-signature" not in request.headers
    assert request.headers["webhook-id"]
