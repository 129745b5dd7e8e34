"""deliver_message on a real Celery worker (Redis broker, PostgreSQL): the 429 retry really waits."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from messaging.models import DeliveryStatus
from messaging.tasks import deliver_message
from tests.factories import OutboundMessageFactory
from tests.messaging.fake_telegram import TOKEN

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
    env.pop("PYTEST_VERSION", None)
    options = ["-Q", queue, "-P", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat"]
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


def test_a_real_worker_waits_retry_after_then_sends_once(celery_worker_process, fake_telegram):
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

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.delivery_status != DeliveryStatus.QUEUED:
            break
        time.sleep(0.2)
    assert message.delivery_status == DeliveryStatus.SENT
    first, second = fake_telegram.sent("sendMessage")
    assert second.at - first.at >= 2
    time.sleep(1)  # nothing else arrives later
    assert len(fake_telegram.sent("sendMessage")) == 2
