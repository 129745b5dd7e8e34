"""The fault tests: a real Celery worker process on Redis, a real local receiver, PostgreSQL.

The test process commits changes (and queues tasks) like the web server would; the worker
subprocesses share the test database through DATABASE_URL. Retry delays and the lease are short
through the environment (WEBHOOK_RETRY_SCHEDULE, WEBHOOK_LEASE_SECONDS), never by sleeping.
"""

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import transaction
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from candidates import services as candidate_services
from recruitment.celery import app as celery_app
from tests.factories import CandidateFactory
from tests.webhooks.conftest import SECRET
from webhooks import services
from webhooks.models import Delivery, DeliveryStatus, Event

pytestmark = [pytest.mark.redis, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SCHEDULE = "0.2,0.2,0.2,0.5,0.5,1,1,1,2,2,2,2"
LEASE_SECONDS = "3"


def _requires_postgres_and_redis() -> None:
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...) shared with a worker process")
    if not settings.REDIS_URL:
        pytest.skip("needs a real Redis at REDIS_URL for the worker process")


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    credentials = quote(db.get("USER") or "postgres")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Worker:
    def __init__(self, name: str, log: Path, env: dict[str, str]) -> None:
        self.name, self.log = name, log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "recruitment",
                "worker",
                "-P",
                "solo",
                "-l",
                "INFO",
                "-n",
                f"{name}@%h",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a kill takes everything it started
        )

    def wait_ready(self) -> None:
        _wait_for(
            lambda: b" ready." in self.log.read_bytes() or self.process.poll() is not None, 60, "worker start"
        )
        assert self.process.poll() is None, self.log.read_text()

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def start_worker(transactional_db, tmp_path) -> Iterator[Callable[..., Worker]]:
    _requires_postgres_and_redis()
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.delete("celery", "unacked", "unacked_index")  # no task left over from another test
    workers: list[Worker] = []

    def start(name: str = "webhooks", **extra_env: str) -> Worker:
        env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "SECRET_KEY": "fault-test-worker",
            "VAR_DIR": str(tmp_path / "var"),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "WEBHOOK_RETRY_SCHEDULE": SCHEDULE,
            "WEBHOOK_LEASE_SECONDS": LEASE_SECONDS,
            **extra_env,
        }
        worker = Worker(name, tmp_path / f"{name}.log", env)
        workers.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in workers:
        worker.kill()
    broker.delete("celery", "unacked", "unacked_index")
    broker.close()


@pytest.fixture
def receiver() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def onef_settings(settings) -> Callable[[str], None]:
    def point_at(url: str) -> None:
        settings.ONEF_WEBHOOK_URL = url
        settings.ONEF_WEBHOOK_SECRET = SECRET

    return point_at


def _change_status(status: str = "reviewing") -> Event:
    candidate = CandidateFactory()
    candidate_services.candidate_status_change(candidate=candidate, status=status)
    return Event.objects.get(candidate_id=candidate.id)


def _delivered(event: Event) -> Delivery | None:
    return Delivery.objects.filter(event=event, status=DeliveryStatus.DELIVERED).first()


def _hook_ids(server: HTTPServer) -> list[str]:
    return [request.headers["webhook-id"] for request, _ in server.log]


def test_500_three_times_then_200_is_delivered_once_after_four_attempts(
    start_worker, receiver, onef_settings
):
    for status in (500, 500, 500, 200):
        receiver.expect_ordered_request("/hook").respond_with_data("r", status=status)
    onef_settings(receiver.url_for("/hook"))
    start_worker()

    event = _change_status()

    delivery = _wait_for(lambda: _delivered(event), 30, "the delivery")
    assert [a.response_status for a in delivery.attempts.all()] == [500, 500, 500, 200]
    assert _hook_ids(receiver) == [str(event.id)] * 4


def test_a_receiver_that_is_down_gets_the_event_once_it_is_back(start_worker, onef_settings):
    port = _free_port()
    onef_settings(f"http://127.0.0.1:{port}/hook")
    start_worker()

    event = _change_status()
    _wait_for(
        lambda: Delivery.objects.filter(event=event, attempt_count__gte=2).exists(), 30, "failed attempts"
    )
    assert "ConnectionError" in Delivery.objects.get(event=event).last_error

    server = HTTPServer(host="127.0.0.1", port=port, threaded=True)
    server.expect_request("/hook").respond_with_data("ok")
    server.start()
    try:
        _wait_for(lambda: _delivered(event), 30, "the delivery")
        assert _hook_ids(server) == [str(event.id)]
    finally:
        server.stop()


def _point_broker_at(url: str) -> None:
    celery_app.conf.broker_url = url
    # Drop the cached connection pools so the next publish connects to the new URL.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_redis_unreachable_at_commit_still_commits_and_the_sweeper_delivers(
    start_worker, receiver, onef_settings, caplog
):
    receiver.expect_request("/hook").respond_with_data("ok")
    onef_settings(receiver.url_for("/hook"))
    start_worker()
    real_broker = celery_app.conf.broker_url
    _point_broker_at(f"redis://127.0.0.1:{_free_port()}/0")
    try:
        with caplog.at_level(logging.WARNING, logger="webhooks.services"):
            event = _change_status("interview")
    finally:
        _point_broker_at(real_broker)

    delivery = event.deliveries.get()
    assert delivery.status == DeliveryStatus.PENDING  # committed, waiting in the outbox
    # The publish failed (so no task exists for it): only the sweeper can send it.
    assert f"Could not queue webhook deliveries {delivery.pk};" in caplog.text

    assert services.deliveries_sweep(grace_seconds=0) == 1
    _wait_for(lambda: _delivered(event), 20, "the delivery")
    assert _hook_ids(receiver) == [str(event.id)]


def test_a_worker_killed_mid_delivery_is_replaced_and_the_event_is_not_lost(
    start_worker, receiver, onef_settings
):
    release = threading.Event()
    calls: list[str] = []

    def answer(request: Request) -> Response:
        calls.append(request.headers["webhook-id"])
        if len(calls) == 1:
            release.wait(20)  # hold the first worker in the middle of its POST
        return Response("ok")

    receiver.expect_request("/hook").respond_with_handler(answer)
    onef_settings(receiver.url_for("/hook"))
    first = start_worker("first")

    event = _change_status()
    _wait_for(lambda: calls, 20, "the first POST")
    first.kill()
    release.set()
    start_worker("second")

    def swept_and_delivered() -> Delivery | None:
        services.deliveries_sweep(grace_seconds=0)  # the beat task's job, every 15 s in production
        return _delivered(event)

    delivery = _wait_for(swept_and_delivered, 30, "the delivery by the second worker")
    attempts = list(delivery.attempts.all())
    assert [a.number for a in attempts] == [1, 2]
    assert attempts[0].response_status is None and attempts[0].error == services.INTERRUPTED
    assert attempts[1].response_status == 200
    assert calls == [str(event.id)] * 2


def test_a_rolled_back_change_sends_nothing(start_worker, receiver, onef_settings):
    receiver.expect_request("/hook").respond_with_data("ok")
    onef_settings(receiver.url_for("/hook"))
    start_worker()
    rolled_back = CandidateFactory()

    with pytest.raises(RuntimeError), transaction.atomic():
        candidate_services.candidate_status_change(candidate=rolled_back, status="rejected")
        raise RuntimeError("the request fails after the change")
    committed = _change_status("accepted")  # sent after the rolled-back one: it arriving proves the path

    _wait_for(lambda: _delivered(committed), 20, "the committed change's delivery")
    bodies = [request.get_json()["requestBody"] for request, _ in receiver.log]
    assert [body["candidate_id"] for body in bodies] == [str(committed.candidate_id)]
    assert not Event.objects.filter(candidate_id=rolled_back.id).exists()


def _exactly_one_webhook(receiver: HTTPServer, change: Callable[[], object]) -> None:
    change()
    delivery = _wait_for(
        lambda: Delivery.objects.filter(status=DeliveryStatus.DELIVERED).first(), 30, "the delivery"
    )
    # Delivered is final: no task can claim it again and the sweeper finds nothing due, so what the
    # receiver holds now is all it will ever get.
    assert services.deliveries_sweep(grace_seconds=0) == 0
    assert [attempt.number for attempt in delivery.attempts.all()] == [1]
    assert (Event.objects.count(), Delivery.objects.count()) == (1, 1)
    assert _hook_ids(receiver) == [str(delivery.event_id)]


def test_one_status_change_produces_exactly_one_webhook(start_worker, receiver, onef_settings):
    receiver.expect_request("/hook").respond_with_data("ok")
    onef_settings(receiver.url_for("/hook"))
    start_worker()
    candidate = CandidateFactory()

    _exactly_one_webhook(
        receiver, lambda: candidate_services.candidate_status_change(candidate=candidate, status="interview")
    )
    body = receiver.log[0][0].get_json()["requestBody"]
    assert (body["candidate_id"], body["status"]) == (str(candidate.id), "interview")


def test_one_status_change_through_the_api_produces_exactly_one_webhook(
    start_worker, receiver, onef_settings, client, settings
):
    candidate = CandidateFactory()
    settings.ONEF_API_AUTH = "off"
    receiver.expect_request("/hook").respond_with_data("ok")
    onef_settings(receiver.url_for("/hook"))
    start_worker()

    def post() -> None:
        path = f"/api/onef/candidates/{candidate.id}/status"
        response = client.post(path, {"status": "interview"}, content_type="application/json")
        assert response.status_code == 200, response.content

    _exactly_one_webhook(receiver, post)
    body = receiver.log[0][0].get_json()["requestBody"]
    assert (body["candidate_id"], body["status"]) == (str(candidate.id), "interview")
