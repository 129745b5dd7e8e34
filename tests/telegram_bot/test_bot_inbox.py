"""The inbox: an update is stored before Telegram is told it arrived, so a killed bot loses none."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings

from messaging import selectors, services
from messaging.models import TelegramUpdate
from tests.fake_telegram import TOKEN
from tests.telegram_bot.conftest import ChatScript

BURST = 150
CREATE_CANDIDATE = "from tests.factories import CandidateFactory; CandidateFactory(telegram_id={user_id})"


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def _bot_process(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_telegram_bot", "--poll-timeout", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _count(database, sql: str) -> int:
    with sqlite3.connect(database, timeout=5) as connection:
        return connection.execute(sql).fetchone()[0]


def _restart(env: dict, fake_telegram) -> tuple[subprocess.Popen, float]:
    """Start the bot again once, as a plain `docker restart` would: it waits for the dead worker's
    lock itself (no supervisor loop)."""
    started = time.monotonic()
    calls = len(fake_telegram.sent("getMe"))
    worker = _bot_process(env)
    while worker.poll() is None and len(fake_telegram.sent("getMe")) == calls:
        assert time.monotonic() - started < 30, "the restarted bot never started polling"
        time.sleep(0.05)
    assert worker.poll() is None, worker.stdout.read()
    return worker, time.monotonic() - started


def _poller_lock_ttl_ms() -> int:
    """What is left of the killed worker's Redis lock (0 with the file lock: the OS frees it)."""
    if not settings.REDIS_URL:
        return 0
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = client.keys("*telegram-poller-*")
    assert keys, "the worker held no poller lock"
    return max(client.pttl(key) for key in keys)


INBOUND = "select count(*) from messaging_message where direction = 'inbound'"


def test_a_bot_killed_during_a_burst_of_150_messages_stores_all_of_them_once_after_a_restart(
    fake_telegram, tmp_path
):
    database = tmp_path / "bot.sqlite3"
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
        "DATABASE_URL": f"sqlite:///{database}",
        # A file of its own, not the suite's PostgreSQL (nor the suite's pooler, when CI runs through one).
        "DATABASE_POOLER": "none",
        "DATABASE_DIRECT_URL": "",
        "VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "true",
    }
    env.pop("PYTEST_VERSION", None)
    chat = ChatScript(fake_telegram, user_id=777001)
    for step in (("migrate", "-v0"), ("shell", "-c", CREATE_CANDIDATE.format(user_id=chat.user_id))):
        done = _manage(env, *step)
        assert done.returncode == 0, done.stderr

    worker = _bot_process(env)
    try:
        fake_telegram.wait_for(lambda: len(fake_telegram.sent("getUpdates")) >= 1, timeout=30)
        sent = [chat.send(f"Message number {n}") for n in range(BURST)]
        deadline = time.monotonic() + 30
        while _count(database, INBOUND) == 0 and time.monotonic() < deadline:
            time.sleep(0.005)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        lock_ttl = _poller_lock_ttl_ms()
        handled_before_the_kill = _count(database, INBOUND)
        assert 0 < handled_before_the_kill < BURST

        worker, waited = _restart(env, fake_telegram)
        deadline = time.monotonic() + 60
        while _count(database, INBOUND) < BURST and time.monotonic() < deadline:
            time.sleep(0.1)
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()

    assert lock_ttl <= 10_000  # the killed worker's lock blocks a restart for ~10 s at most
    assert waited < lock_ttl / 1000 + 5
    if lock_ttl:  # Redis: the restarted worker said it waits for the old lock, then took over
        assert "waiting up to 10 s for it to expire" in output
        assert "taking over" in output
    assert _count(database, INBOUND) == BURST
    assert _count(database, "select count(distinct telegram_message_id) from messaging_message") == BURST
    assert _count(database, "select count(*) from messaging_telegramupdate") == BURST
    assert _count(database, "select count(*) from messaging_telegramupdate where handled_at is null") == 0
    texts = "select text from messaging_message where direction = 'inbound' order by created_at"
    with sqlite3.connect(database) as connection:
        stored = [row[0] for row in connection.execute(texts)]
    assert stored == [update["message"]["text"] for update in sent]  # in the order they were sent


def _payload(update_id: int) -> dict:
    return {"update_id": update_id, "message": {"message_id": update_id, "text": "hi"}}


@pytest.mark.django_db
def test_storing_a_batch_returns_only_the_updates_not_stored_before():
    assert services.telegram_updates_store(payloads=[_payload(1), _payload(2)]) == {1, 2}
    assert services.telegram_updates_store(payloads=[_payload(2), _payload(3)]) == {3}
    assert TelegramUpdate.objects.count() == 3


@pytest.mark.django_db
def test_pending_updates_come_back_in_the_order_they_were_stored_until_marked_handled():
    services.telegram_updates_store(payloads=[_payload(9), _payload(4), _payload(7)])
    assert services.telegram_update_mark_handled(update_id=4)
    assert not services.telegram_update_mark_handled(update_id=4)
    assert [p["update_id"] for p in selectors.telegram_updates_pending()] == [9, 7]


@pytest.mark.django_db
def test_handled_updates_are_purged_after_two_days_and_pending_ones_never(settings):
    import datetime as dt

    from django.utils import timezone

    services.telegram_updates_store(payloads=[_payload(1), _payload(2), _payload(3)])
    services.telegram_update_mark_handled(update_id=1)
    services.telegram_update_mark_handled(update_id=2)
    TelegramUpdate.objects.filter(update_id=1).update(handled_at=timezone.now() - dt.timedelta(days=3))
    assert services.telegram_updates_purge() == 1
    assert sorted(TelegramUpdate.objects.values_list("update_id", flat=True)) == [2, 3]


def test_the_redis_poller_lock_expires_within_ten_seconds_and_is_renewed(settings, redis_url):
    from telegram_bot.lock import RENEW_EVERY_SECONDS, RedisPollerLock, poller_lock

    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}}
    lock = poller_lock("42:ttl-test")
    assert isinstance(lock, RedisPollerLock)
    assert lock.acquire()
    try:
        client = lock._lock.redis
        assert 0 < client.pttl(lock._lock.name) <= 10_000
        assert RENEW_EVERY_SECONDS * 3 <= 10
        client.pexpire(lock._lock.name, 500)
        assert lock.renew()
        assert client.pttl(lock._lock.name) > 5_000
    finally:
        lock.release()
