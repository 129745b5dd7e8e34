"""Exactly one polling process per bot token.

Telegram hands each update to whichever getUpdates call asks first, and two pollers make both
fail with 409 Conflict, so a second worker must refuse to start. With Redis (REDIS_URL) the lock is
a Redis lock with a TTL that the worker keeps renewing, shared by every host; without Redis it is
an advisory lock on a file under VAR_DIR, which the OS releases when the process dies.

A worker started right after the previous one was killed finds the Redis lock still there: it waits
for that lock to expire (`poller_lock_take`), so a plain restart works without a supervisor loop,
and refuses only when the holder keeps renewing it, i.e. is alive.
"""

import fcntl
import hashlib
import logging
import os
import time
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import LockError, RedisError

logger = logging.getLogger(__name__)
# A killed worker's lock outlives it by LOCK_TTL_SECONDS at most: a new worker waits that long.
LOCK_TTL_SECONDS = 10
RENEW_EVERY_SECONDS = 3
TAKEOVER_POLL_SECONDS = 0.5


class PollerLock(Protocol):
    # How long the lock of a holder that died may still be held (0: the OS frees it at once).
    expires_within: float

    def acquire(self) -> bool: ...
    def renew(self) -> bool: ...
    def release(self) -> None: ...


def _lock_name(token: str) -> str:
    return "telegram-poller-" + hashlib.sha256(token.encode()).hexdigest()[:16]


class RedisPollerLock:
    def __init__(self, name: str, *, ttl: float = LOCK_TTL_SECONDS) -> None:
        self.expires_within = ttl
        self._lock = cache.lock(name, timeout=ttl, thread_local=False)
        self._renewed_at = time.monotonic()

    def acquire(self) -> bool:
        acquired = bool(self._lock.acquire(blocking=False))
        self._renewed_at = time.monotonic()
        return acquired

    def renew(self) -> bool:
        """False once the lock is someone else's or may have expired; a short Redis outage is tolerated."""
        try:
            self._lock.reacquire()
        except LockError:
            logger.error("The Telegram poller lock is no longer ours")
            return False
        except RedisError:
            expired_soon = time.monotonic() - self._renewed_at > self.expires_within - RENEW_EVERY_SECONDS
            logger.warning("Could not renew the Telegram poller lock", exc_info=True)
            return not expired_soon
        self._renewed_at = time.monotonic()
        return True

    def release(self) -> None:
        try:
            self._lock.release()
        except Exception:
            logger.warning("Could not release the Telegram poller lock (it expires by itself)", exc_info=True)


class FilePollerLock:
    expires_within = 0.0

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return True

    def renew(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def poller_lock(token: str) -> PollerLock:
    name = _lock_name(token)
    if hasattr(cache, "lock"):  # django-redis
        return RedisPollerLock(name)
    return FilePollerLock(settings.VAR_DIR / f"{name}.lock")


def poller_lock_take(lock: PollerLock, *, poll_every: float = TAKEOVER_POLL_SECONDS) -> bool:
    """Take the lock. Held by another process: wait until it expires, which a killed worker's lock
    does within `lock.expires_within`; False when it is still held then (its holder renews it)."""
    if lock.acquire():
        return True
    if lock.expires_within <= 0:
        return False
    wait = lock.expires_within + poll_every
    logger.warning(
        "Another run_telegram_bot holds the poller lock: waiting up to %.0f s for it to expire "
        "(a stopped worker's lock lapses by itself)",
        wait,
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(min(poll_every, max(0.0, deadline - time.monotonic())))
        if lock.acquire():
            logger.info("The previous worker's poller lock expired: taking over")
            return True
    return False
