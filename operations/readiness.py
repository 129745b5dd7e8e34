"""Readiness: can this process serve? Each dependency is checked for real, with its latency.

Database: `SELECT 1`. Cache: a write and a read of a short-lived key (Redis, or the file cache's
folder). Broker: a Redis PING, or, for the embedded file-system broker, that its folders exist and
are writable. Every check catches its own failure, so one dependency down never hides the others.
"""

import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from core.observability.redaction import redact

TIMEOUT_SECONDS = 2.0
REASON_LIMIT = 300


@dataclass(frozen=True)
class Check:
    name: str
    backend: str
    up: bool
    latency_ms: float
    error: str = ""

    def as_dict(self) -> dict:
        body = {"status": "up" if self.up else "down", "backend": self.backend, "latency_ms": self.latency_ms}
        if self.error:
            body["error"] = self.error
        return body


def _timed(name: str, backend: str, probe: Callable[[], None]) -> Check:
    started = time.perf_counter()
    try:
        probe()
        error = ""
    except Exception as exc:  # any failure is the answer, not a crash of the check
        error = redact(f"{type(exc).__name__}: {exc}")[:REASON_LIMIT]
    latency = round((time.perf_counter() - started) * 1000, 2)
    return Check(name=name, backend=backend, up=not error, latency_ms=latency, error=error)


def _writable(folder: str | Path) -> None:
    path = Path(folder)
    if not path.is_dir():
        raise FileNotFoundError(f"{path} does not exist")
    if not os.access(path, os.W_OK | os.X_OK):
        raise PermissionError(f"{path} is not writable")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    location = settings.CACHES["default"].get("LOCATION")
    if "filebased" in settings.CACHES["default"]["BACKEND"]:
        _writable(location)
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return the value just written")
    cache.delete(key)


def _redis_broker() -> None:
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()


def _file_broker() -> None:
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        _writable(options[key])


def cache_backend() -> str:
    return "file" if "filebased" in settings.CACHES["default"]["BACKEND"] else "redis"


def broker_backend() -> str:
    return "filesystem" if settings.CELERY_BROKER_URL.startswith("filesystem") else "redis"


def readiness_checks() -> list[Check]:
    """Database, cache and broker, each up or down with its latency in milliseconds."""
    broker = broker_backend()
    return [
        _timed("database", connection.vendor, _database),
        _timed("cache", cache_backend(), _cache),
        _timed("broker", broker, _file_broker if broker == "filesystem" else _redis_broker),
    ]
