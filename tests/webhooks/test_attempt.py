"""webhooks.services.attempt: sending one attempt: outcomes, retries, 410, redirects, timeouts, the lease."""

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from django.utils import timezone
from werkzeug import Response

from candidates import services as candidate_services
from tests.factories import CandidateFactory, DeliveryFactory, EndpointFactory, EventFactory
from tests.webhooks.conftest import send_due
from webhooks import services
from webhooks.models import Delivery, DeliveryStatus, Endpoint

pytestmark = pytest.mark.django_db


def _emit_status_change() -> Delivery:
    candidate_services.candidate_status_change(candidate=CandidateFactory(), status="reviewing")
    return Delivery.objects.get()


def test_2xx_marks_delivered_and_records_the_attempt(onef_receiver):
    onef_receiver.expect_request("/onef/webhook").respond_with_data("x" * 5000, status=202)
    delivery = _emit_status_change()

    send_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.delivered_at is not None
    assert delivery.locked_until is None
    attempt = delivery.attempts.get()
    assert attempt.response_status == 202
    assert attempt.response_body == "x" * 1024
    assert attempt.error == ""
    assert attempt.request_headers["webhook-id"] == str(delivery.event_id)


def test_a_500_schedules_a_retry_with_the_same_webhook_id(onef_receiver):
    onef_receiver.expect_ordered_request("/onef/webhook").respond_with_data("boom", status=500)
    onef_receiver.expect_ordered_request("/onef/webhook").respond_with_data("ok")
    delivery = _emit_status_change()
    before = timezone.now()

    send_due()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code == 500
    # First delay of the schedule (5 s) with +-20 % jitter.
    assert (
        before + dt.timedelta(seconds=3.9)
        <= delivery.next_attempt_at
        <= timezone.now() + dt.timedelta(seconds=6.1)
    )
    assert services.delivery_attempt(delivery_id=delivery.pk) is None  # not due yet

    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    send_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    ids = {request.headers["webhook-id"] for request, _ in onef_receiver.log}
    assert ids == {str(delivery.event_id)}
    assert [a.response_status for a in delivery.attempts.all()] == [500, 200]


def test_the_delivery_fails_once_the_schedule_is_used_up(onef_receiver, settings):
    settings.WEBHOOK_RETRY_SCHEDULE = [0.0, 0.0]
    onef_receiver.expect_request("/onef/webhook").respond_with_data("down", status=503)
    delivery = _emit_status_change()

    for _ in range(5):
        send_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempt_count == 3
    assert delivery.last_error == "HTTP 503"
    assert len(onef_receiver.log) == 3


def test_410_disables_the_endpoint_and_fails_the_delivery(onef_receiver):
    onef_receiver.expect_request("/onef/webhook").respond_with_data("gone", status=410)
    delivery = _emit_status_change()

    send_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    endpoint = Endpoint.objects.get(pk=delivery.endpoint_id)
    assert not endpoint.is_enabled
    assert "410" in endpoint.disabled_reason
    # The same URL stays disabled for the next event.
    candidate_services.candidate_status_change(candidate=CandidateFactory(), status="reviewing")
    assert Delivery.objects.count() == 1


def test_redirects_are_not_followed(onef_receiver):
    onef_receiver.expect_request("/onef/webhook").respond_with_response(
        Response(status=302, headers={"Location": onef_receiver.url_for("/elsewhere")})
    )
    delivery = _emit_status_change()

    send_due()

    assert [request.path for request, _ in onef_receiver.log] == ["/onef/webhook"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code == 302


def test_a_refused_connection_is_recorded_and_retried(settings):
    settings.ONEF_WEBHOOK_URL = "http://127.0.0.1:9/closed"
    delivery = _emit_status_change()

    send_due()

    delivery.refresh_from_db()
    attempt = delivery.attempts.get()
    assert attempt.response_status is None
    assert "ConnectionError" in attempt.error
    assert delivery.status == DeliveryStatus.PENDING


def test_a_delivery_held_by_another_worker_is_not_sent(onef_receiver):
    delivery = _emit_status_change()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.DELIVERING, locked_until=timezone.now() + dt.timedelta(seconds=30)
    )

    assert services.delivery_attempt(delivery_id=delivery.pk) is None
    assert onef_receiver.log == []


def test_an_expired_lease_lets_another_worker_send(onef_receiver):
    onef_receiver.expect_request("/onef/webhook").respond_with_data("ok")
    delivery = _emit_status_change()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.DELIVERING,
        attempt_count=1,
        locked_until=timezone.now() - dt.timedelta(seconds=1),
    )

    attempt = services.delivery_attempt(delivery_id=delivery.pk)

    assert attempt.number == 2
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED


def test_a_disabled_endpoint_keeps_its_deliveries_waiting(httpserver):
    endpoint = EndpointFactory(url=httpserver.url_for("/hook"), is_enabled=False)
    delivery = DeliveryFactory(endpoint=endpoint, event=EventFactory(), next_attempt_at=timezone.now())

    assert services.delivery_attempt(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING


def test_an_unsendable_url_is_recorded_as_a_failed_attempt(settings):
    settings.ONEF_WEBHOOK_URL = "http://127.0.0.1:9/ok"
    delivery = _emit_status_change()
    Endpoint.objects.filter(pk=delivery.endpoint_id).update(url="http://[::1/broken")

    send_due()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.locked_until is None
    assert delivery.attempts.get().error


class _KeepAliveHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # Werkzeug (pytest-httpserver) always answers "Connection: close"
    client_ports: ClassVar[list[int]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.client_ports.append(self.client_address[1])
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


def test_consecutive_deliveries_reuse_one_keep_alive_connection(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _KeepAliveHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.ONEF_WEBHOOK_URL = f"http://127.0.0.1:{server.server_address[1]}/hook"
        for _ in range(3):
            candidate_services.candidate_status_change(candidate=CandidateFactory(), status="reviewing")

        send_due()

        assert len(_KeepAliveHandler.client_ports) == 3
        assert len(set(_KeepAliveHandler.client_ports)) == 1
    finally:
        server.shutdown()
        server.server_close()


def test_an_eager_task_keeps_the_callers_connection_and_transaction(onef_receiver):
    from webhooks.tasks import deliver

    onef_receiver.expect_request("/onef/webhook").respond_with_data("ok")
    delivery = _emit_status_change()

    deliver.apply(args=[delivery.pk])  # runs the task_prerun/postrun signals in this process

    delivery.refresh_from_db()  # would fail if the test's connection had been closed mid-transaction
    assert delivery.status == DeliveryStatus.DELIVERED
