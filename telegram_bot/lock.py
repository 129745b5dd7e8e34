"""Exactly one polling process per bot token.

Telegram hands each update to whichever getUpdates call asks first, and two pollers make both
fail with 409 Conflict, so a second worker must refuse to start. With Redis (REDIS_URL) the lock is
a Redis lock with a TTL that the worker keeps renewing, shared by every host; without Redis it is
an advisory lock on a file under VAR_DIR, which the OS releases when the process dies.
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
# A killed worker blocks a restart for at most LOCK_TTL_SECONDS.
LOCK_TTL_SECONDS = 10
RENEW_EVERY_SECONDS = 3


class PollerLock(Protocol):
    def acquire(self) -> bool: ...
    def renew(self) -> bool: ...
    def release(self) -> None: ...


def _lock_name(token: str) -> str:
    return "telegram-poller-" + hashlib.sha256(token.encode()).hexdigest()[:16]


class RedisPollerLock:
    def __init__(self, name: str) -> None:
        self._lock = cache.lock(name, timeout=LOCK_TTL_SECONDS, thread_local=False)
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
            expired_soon = time.monotonic() - self._renewed_at > LOCK_TTL_SECONDS - RENEW_EVERY_SECONDS
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
