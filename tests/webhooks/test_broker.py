"""webhooks.services.broker: what one transaction emits is queued at its commit, one task per
WEBHOOK_BATCH_SIZE deliveries; a rollback queues nothing."""

import pytest
from django.db import transaction

from tests.factories import CandidateFactory, EndpointFactory
from webhooks import services, tasks
from webhooks.models import Delivery, EventType

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch) -> list[list[int]]:
    """The id lists of the batch tasks handed to the broker, in order."""
    calls: list[list[int]] = []
    monkeypatch.setattr(tasks.deliver_batch, "apply_async", lambda args, **kwargs: calls.append(args[0]))
    return calls


def emit(n: int = 0) -> list[int]:
    event = services.event_emit(
        event_type=EventType.NEW_MESSAGE, body={"requestBody": {"n": n}}, candidate_id=CandidateFactory().pk
    )
    return list(event.deliveries.order_by("id").values_list("pk", flat=True))


def test_a_transaction_s_deliveries_are_queued_at_its_commit_one_task_per_batch(
    published, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_BATCH_SIZE = 2
    EndpointFactory.create_batch(2)  # a delivery to each per event
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ids = [pk for n in range(3) for pk in emit(n)]
        assert published == []  # nothing before the commit
    assert len(callbacks) == 3
    assert published == [ids[0:2], ids[2:4], ids[4:6]]


def test_deliveries_of_a_rolled_back_savepoint_are_not_queued_and_the_rest_still_are(
    published, settings, django_capture_on_commit_callbacks
):
    EndpointFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            emit(1)
            raise RuntimeError("this part of the change fails")
        kept = emit(2)
    queued = [pk for batch in published for pk in batch]
    assert set(kept) <= set(queued)
    assert Delivery.objects.filter(pk__in=queued).count() == len(kept)


def test_a_batch_task_sends_each_of_its_deliveries_once(
    settings, httpserver, django_capture_on_commit_callbacks
):
    settings.ONEF_WEBHOOK_URL = httpserver.url_for("/hook")
    httpserver.expect_request("/hook").respond_with_data("ok")
    previous = tasks.deliver_batch.app.conf.task_always_eager
    tasks.deliver_batch.app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for n in range(5):
                emit(n)
    finally:
        tasks.deliver_batch.app.conf.task_always_eager = previous
    assert sorted(request.get_json()["requestBody"]["n"] for request, _ in httpserver.log) == [0, 1, 2, 3, 4]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_queues_its_batches_and_a_rollback_leaves_nothing_behind(published, settings):
    settings.WEBHOOK_BATCH_SIZE = 3
    EndpointFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        emit(0)
        raise RuntimeError("the change fails")
    assert published == []
    with transaction.atomic():
        ids = emit(1) + emit(2)
    assert published == [ids]  # nothing of the rolled-back transaction rides along
    emit(3)  # autocommit: queued as it is written
    assert len(published) == 2


def test_a_broker_outage_is_logged_not_raised(monkeypatch, caplog):
    def unreachable(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.deliver_batch, "apply_async", unreachable)
    services.broker.enqueue_batches([7, 8])
    assert "Could not queue webhook deliveries 7, 8; the sweeper will retry" in caplog.text
