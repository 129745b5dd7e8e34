"""deliver_message on a real Celery worker (Redis broker, PostgreSQL): the 429 retry really waits."""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable

import pytest
import redis
from django.conf import settings
from django.db import connection

from messaging.models import DeliveryStatus
from messaging.tasks import deliver_message
from recruitment.celery import app as celery_app
from tests.factories import OutboundMessageFactory
from tests.fake_telegram import TOKEN

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(redis_url, fake_telegram, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database it can open too (PostgreSQL)")
    queue = f"bot-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
        "VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "true",
    }
    options = [
        *("-Q", queue, "-n", f"{queue}@test", "-P", "solo"),
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
    ]
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "recruitment", "worker", *options, "-l", "warning"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield queue
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.2)


def _worker_has_nothing_left(queue: str, broker: redis.Redis) -> bool:
    """Nothing waits in the queue and the worker runs, holds and schedules nothing (ETA retries)."""
    if broker.llen(queue):
        return False
    name = f"{queue}@test"
    inspect = celery_app.control.inspect(destination=[name], timeout=1)
    replies = [inspect.active(), inspect.reserved(), inspect.scheduled()]
    return all(reply is not None and not reply.get(name) for reply in replies)


def test_a_real_worker_waits_retry_after_then_sends_once(celery_worker_process, fake_telegram, redis_url):
    fake_telegram.send_responses.append(
        (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests",
                "parameters": {"retry_after": 2},
            },
        )
    )
    message = OutboundMessageFactory(text="See you on Monday")
    deliver_message.apply_async(args=[str(message.pk)], queue=celery_worker_process)

    def delivered() -> bool:
        message.refresh_from_db()
        return message.delivery_status != DeliveryStatus.QUEUED

    _wait_for(delivered, "the message to leave the queued state")
    assert message.delivery_status == DeliveryStatus.SENT
    broker = redis.Redis.from_url(redis_url)
    try:
        # Nothing else can arrive later: no task for it is left anywhere.
        _wait_for(lambda: _worker_has_nothing_left(celery_worker_process, broker), "the worker to be idle")
    finally:
        broker.close()
    first, second = fake_telegram.sent("sendMessage")
    assert second.at - first.at >= 2
