"""A new worker waits for the poller lock of a worker that was killed (its Redis lock expires within
its TTL) and takes over; a lock that a live worker keeps renewing is refused after that wait.

Real Redis, with a one-second TTL instead of the ten seconds of production."""

import logging
import threading
import time
import uuid

import pytest

from telegram_bot.lock import FilePollerLock, RedisPollerLock, poller_lock_take

TTL = 1.0


@pytest.fixture
def lock_name(settings, redis_url) -> str:
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}}
    return f"telegram-poller-test-{uuid.uuid4().hex[:8]}"


def test_the_lock_of_a_killed_worker_is_waited_for_and_taken_over(lock_name, caplog):
    killed = RedisPollerLock(lock_name, ttl=TTL)
    assert killed.acquire()  # and never renewed nor released: the worker got SIGKILL
    newcomer = RedisPollerLock(lock_name, ttl=TTL)
    started = time.monotonic()

    with caplog.at_level(logging.INFO, logger="telegram_bot.lock"):
        assert poller_lock_take(newcomer, poll_every=0.1)

    waited = time.monotonic() - started
    try:
        assert 0.5 < waited < TTL + 1
        assert "waiting up to 1 s for it to expire" in caplog.text
        assert "taking over" in caplog.text
        assert not killed.renew()  # the old holder, were it alive after all, would stop
    finally:
        newcomer.release()


def test_a_lock_a_live_worker_keeps_renewing_is_refused_after_the_wait(lock_name, caplog):
    holder = RedisPollerLock(lock_name, ttl=TTL)
    assert holder.acquire()
    stop = threading.Event()

    def keep_renewing() -> None:
        while not stop.wait(TTL / 4):
            assert holder.renew()

    renewer = threading.Thread(target=keep_renewing, daemon=True)
    renewer.start()
    started = time.monotonic()
    try:
        with caplog.at_level(logging.WARNING, logger="telegram_bot.lock"):
            assert not poller_lock_take(RedisPollerLock(lock_name, ttl=TTL), poll_every=0.1)
        waited = time.monotonic() - started
        assert TTL <= waited < TTL + 2
        assert "waiting up to" in caplog.text
        assert holder.renew()  # still the live worker's
    finally:
        stop.set()
        renewer.join(5)
        holder.release()


def test_a_free_lock_is_taken_at_once_without_waiting(lock_name, caplog):
    lock = RedisPollerLock(lock_name, ttl=TTL)
    with caplog.at_level(logging.WARNING, logger="telegram_bot.lock"):
        assert poller_lock_take(lock)
    lock.release()
    assert "waiting" not in caplog.text


def test_a_file_lock_held_by_a_live_process_is_refused_at_once(tmp_path):
    holder = FilePollerLock(tmp_path / "bot.lock")
    assert holder.acquire()  # the OS frees it when its process dies: nothing to wait for
    started = time.monotonic()

    assert not poller_lock_take(FilePollerLock(tmp_path / "bot.lock"))

    assert time.monotonic() - started < 0.5
    holder.release()
