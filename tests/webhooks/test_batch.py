"""A delivery task claims a batch: its own deliveries (one, or the ids a transaction's commit
queued together) and more due ones no one holds up to WEBHOOK_BATCH_SIZE, sends them over one
keep-alive session and records every outcome in one transaction."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_httpserver import HTTPServer

from tests.factories import DeliveryFactory, EndpointFactory
from webhooks import services, tasks
from webhooks.models import Delivery, DeliveryAttempt, DeliveryStatus
from webhooks.services import attempt as attempt_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint(httpserver: HTTPServer):
    httpserver.expect_request("/hook").respond_with_data("ok", status=200)
    return EndpointFactory(url=httpserver.url_for("/hook"))


def statuses(*deliveries: Delivery) -> list[str]:
    return [Delivery.objects.get(pk=d.pk).status for d in deliveries]


def test_the_task_sends_its_delivery_and_other_due_ones_each_with_its_attempt(endpoint, httpserver, settings):
    settings.WEBHOOK_BATCH_SIZE = 3
    own, *others = DeliveryFactory.create_batch(4, endpoint=endpoint)
    tasks.deliver(own.pk)
    assert statuses(own, *others) == ["delivered", "delivered", "delivered", "pending"]
    assert len(httpserver.log) == 3
    for delivery in Delivery.objects.filter(status="delivered"):
        attempt = delivery.attempts.get()
        assert (attempt.number, attempt.response_status, attempt.error) == (1, 200, "")
        assert delivery.attempt_count == 1 and delivery.locked_until is None


def test_a_batch_leaves_deliveries_that_are_held_not_due_or_finished(endpoint, httpserver):
    own = DeliveryFactory(endpoint=endpoint)
    held = DeliveryFactory(endpoint=endpoint, locked_until=timezone.now() + dt.timedelta(minutes=1))
    later = DeliveryFactory(endpoint=endpoint, next_attempt_at=timezone.now() + dt.timedelta(minutes=1))
    done = DeliveryFactory(endpoint=endpoint, status=DeliveryStatus.DELIVERED)
    services.delivery_attempt(delivery_id=own.pk, batch=10)
    assert statuses(own, held, later, done) == ["delivered", "pending", "pending", "delivered"]
    assert len(httpserver.log) == 1
    assert not DeliveryAttempt.objects.exclude(delivery=own).exists()


def test_a_task_whose_delivery_is_not_ours_sends_nothing_at_all(endpoint, httpserver):
    own = DeliveryFactory(endpoint=endpoint, locked_until=timezone.now() + dt.timedelta(minutes=1))
    other = DeliveryFactory(endpoint=endpoint)
    assert services.delivery_attempt(delivery_id=own.pk, batch=10) is None
    assert statuses(other) == ["pending"] and not httpserver.log


def test_the_own_attempt_is_returned_and_failures_in_a_batch_are_retried_one_by_one(httpserver, settings):
    settings.WEBHOOK_RETRY_SCHEDULE = [300.0]
    httpserver.expect_request("/ok").respond_with_data("ok", status=200)
    httpserver.expect_request("/down").respond_with_data("no", status=503)
    own = DeliveryFactory(endpoint=EndpointFactory(url=httpserver.url_for("/down")))
    other = DeliveryFactory(endpoint=EndpointFactory(url=httpserver.url_for("/ok")))
    attempt = services.delivery_attempt(delivery_id=own.pk, batch=2)
    assert attempt.delivery_id == own.pk and attempt.response_status == 503
    own.refresh_from_db()
    assert own.status == "pending" and own.last_error == "HTTP 503" and own.next_attempt_at > timezone.now()
    assert statuses(other) == ["delivered"]


def test_what_the_lease_cannot_cover_is_given_back_unsent(endpoint, httpserver, settings, monkeypatch):
    """With a lease too short for one more POST, only the task's own delivery goes out; the others
    are released as they were (no attempt, no lease), for the next task to send."""
    monkeypatch.setattr(attempt_module, "READ_TIMEOUT_SECONDS", settings.WEBHOOK_LEASE_SECONDS)
    own, *others = DeliveryFactory.create_batch(3, endpoint=endpoint)
    services.delivery_attempt(delivery_id=own.pk, batch=3)
    assert statuses(own, *others) == ["delivered", "pending", "pending"]
    assert len(httpserver.log) == 1
    for other in Delivery.objects.filter(pk__in=[o.pk for o in others]):
        assert (other.attempt_count, other.locked_until, other.attempts.count()) == (0, None, 0)
    services.delivery_attempt(delivery_id=others[0].pk)
    assert statuses(others[0]) == ["delivered"]


def test_a_batch_is_claimed_and_recorded_in_the_same_number_of_queries_whatever_its_size(endpoint):
    def queries_to_send(size: int) -> int:
        own, *_ = DeliveryFactory.create_batch(size, endpoint=endpoint)
        with CaptureQueriesContext(connection) as context:
            services.delivery_attempt(delivery_id=own.pk, batch=size)
        assert DeliveryAttempt.objects.filter(response_status=200).count() >= size
        return len(context)

    # A read; the claim (the own rows, the others, one UPDATE, one INSERT); the attempts in one
    # UPDATE, the successes in one; one recovery check per endpoint that answered 2xx.
    assert queries_to_send(2) == queries_to_send(10) <= 12 + 2 * (connection.vendor == "postgresql")


def test_a_batch_task_sends_its_own_deliveries_in_order_then_fills_up_with_due_ones(
    endpoint, httpserver, settings
):
    settings.WEBHOOK_BATCH_SIZE = 4
    first, second, third, fourth, fifth = DeliveryFactory.create_batch(5, endpoint=endpoint)
    tasks.deliver_batch([third.pk, first.pk])
    assert statuses(first, second, third, fourth, fifth) == ["delivered"] * 4 + ["pending"]
    sent = [request.headers["webhook-id"] for request, _ in httpserver.log]
    assert sent == [str(d.event_id) for d in (first, third, second, fourth)]


def test_a_batch_task_whose_deliveries_were_all_sent_sends_nothing(endpoint, httpserver):
    done = DeliveryFactory(endpoint=endpoint, status=DeliveryStatus.DELIVERED)
    held = DeliveryFactory(endpoint=endpoint, locked_until=timezone.now() + dt.timedelta(minutes=1))
    waiting = DeliveryFactory(endpoint=endpoint)
    assert services.deliveries_attempt(delivery_ids=[done.pk, held.pk, 10**9], batch=5) == []
    assert statuses(waiting) == ["pending"] and not httpserver.log


def test_swept_deliveries_are_sent_in_batches_under_the_sweepers_lease(
    endpoint, httpserver, settings, monkeypatch
):
    settings.WEBHOOK_BATCH_SIZE = 2
    overdue = timezone.now() - dt.timedelta(minutes=1)
    deliveries = DeliveryFactory.create_batch(3, endpoint=endpoint, next_attempt_at=overdue)
    queued: list = []
    monkeypatch.setattr(tasks.deliver_batch, "apply_async", lambda args, **kwargs: queued.append(args))
    assert services.deliveries_sweep() == 3
    assert [ids for ids, _ in queued] == [[deliveries[0].pk, deliveries[1].pk], [deliveries[2].pk]]
    assert services.deliveries_attempt(delivery_ids=queued[0][0]) == []  # a stray task without the lease
    for ids, lease in queued:
        tasks.deliver_batch(ids, lease)
    assert statuses(*deliveries) == ["delivered"] * 3 and len(httpserver.log) == 3


@pytest.mark.django_db(transaction=True)
def test_a_batch_skips_deliveries_another_worker_is_claiming_and_sends_each_once(endpoint, httpserver):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...): concurrent workers")
    deliveries = DeliveryFactory.create_batch(6, endpoint=endpoint)
    ids = [d.pk for d in deliveries]
    claiming, release = threading.Event(), threading.Event()

    def other_worker_mid_claim() -> None:  # holds the row locks of a claim of the first four
        try:
            with transaction.atomic():
                list(Delivery.objects.select_for_update().filter(pk__in=ids[:4]))
                claiming.set()
                release.wait(10)
        finally:
            connection.close()

    other = threading.Thread(target=other_worker_mid_claim)
    other.start()
    assert claiming.wait(10)
    try:
        first = services.deliveries_attempt(delivery_ids=ids, batch=6)  # does not wait for those rows
    finally:
        release.set()
        other.join(10)
    assert sorted(a.delivery_id for a in first) == ids[4:]
    second = services.deliveries_attempt(delivery_ids=ids, batch=6)
    assert sorted(a.delivery_id for a in second) == ids[:4]
    assert services.deliveries_attempt(delivery_ids=ids, batch=6) == []
    webhook_ids = [request.headers["webhook-id"] for request, _ in httpserver.log]
    assert sorted(webhook_ids) == sorted(str(d.event_id) for d in deliveries)  # every one, each once
    assert DeliveryAttempt.objects.count() == 6
