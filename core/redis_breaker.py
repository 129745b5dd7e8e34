"""A circuit breaker around the Redis cache, so a Redis that hangs costs one short timeout, not one
per cache call.

The cache's sockets time out quickly (`REDIS_SOCKET_TIMEOUT_MS`, 200 ms by default). The first call
that fails (a timeout or a refused connection) opens the circuit for `REDIS_BREAKER_SECONDS`: every
cache call in this process then fails at once, without touching the network, and the callers' usual
fallbacks apply (the API's limiter and the admin login limit fail open). After that pause one call
is let through as a probe: a success closes the circuit, a failure opens it again. So a frozen Redis
costs a request at most one short timeout, and most requests none, until Redis answers again.

Used as django-redis's CLIENT_CLASS (`BreakerClient`); the state is per process and per server.
"""

import logging
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

import redis
from django.conf import settings
from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)
FAILURES = (ConnectionInterrupted, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)
# The cache operations the project's code calls; `lock` is left alone (its calls happen later).
GUARDED = (
    "set",
    "add",
    "get",
    "delete",
    "incr",
    "decr",
    "get_many",
    "set_many",
    "delete_many",
    "has_key",
    "touch",
    "ttl",
    "expire",
    "persist",
    "clear",
    "keys",
    "delete_pattern",
)


class CircuitOpen(redis.exceptions.ConnectionError):
    """Raised instead of calling Redis while the circuit is open."""


class Breaker:
    """Closed -> open on a failure -> after `open_seconds`, one probe -> closed or open again."""

    def __init__(self, *, open_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.open_seconds = open_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._open_until: float | None = None
        self._probing = False
        # Counted for tests and the bench: calls that failed at Redis, calls that never reached it.
        self.failures = 0
        self.calls_refused = 0

    @property
    def is_open(self) -> bool:
        return self._open_until is not None

    def allow(self) -> bool:
        with self._lock:
            if self._open_until is None:
                return True
            if self.clock() >= self._open_until and not self._probing:
                self._probing = True  # this caller probes; the others keep failing fast
                return True
            self.calls_refused += 1
            return False

    def succeeded(self) -> None:
        with self._lock:
            if self._open_until is not None:
                logger.warning("Redis answers again: the cache circuit is closed.")
            self._open_until, self._probing = None, False

    def failed(self) -> None:
        with self._lock:
            self.failures += 1
            if self._open_until is None:
                logger.warning(
                    "Redis failed or timed out: cache calls fail fast for %.1f s.", self.open_seconds
                )
            self._open_until, self._probing = self.clock() + self.open_seconds, False


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(server: str) -> Breaker:
    with _breakers_lock:
        if server not in _breakers:
            _breakers[server] = Breaker(open_seconds=settings.REDIS_BREAKER_SECONDS)
        return _breakers[server]


def reset_breakers() -> None:
    """Forget every breaker's state (tests; a new configuration)."""
    with _breakers_lock:
        _breakers.clear()


def _is_outage(exc: BaseException) -> bool:
    """A timeout or a lost connection; django-redis wraps those (and Redis's own errors) in
    ConnectionInterrupted, so look at the cause."""
    if isinstance(exc, ConnectionInterrupted):
        exc = exc.__cause__ or exc
        if isinstance(exc, redis.exceptions.ResponseError):
            return False
    return isinstance(exc, FAILURES)


def _guarded(method: Callable) -> Callable:
    @wraps(method)
    def call(self: "BreakerClient", *args: Any, **kwargs: Any) -> Any:
        breaker = self.breaker
        if getattr(self._nested, "active", False):
            return method(self, *args, **kwargs)  # `add` calls `set`: one decision per cache call
        if not breaker.allow():
            interrupted = ConnectionInterrupted(connection=None)
            interrupted.__cause__ = CircuitOpen("Redis circuit open: the cache is skipped for now.")
            raise interrupted
        self._nested.active = True
        try:
            result = method(self, *args, **kwargs)
        except Exception as exc:
            # An error Redis answered with (no such key for incr, a wrong type) means it is up.
            if _is_outage(exc):
                breaker.failed()
            else:
                breaker.succeeded()
            raise
        finally:
            self._nested.active = False
        breaker.succeeded()
        return result

    return call


def breaker_guarded(client: Any, operation: Callable[[], Any]) -> Any:
    """Run a direct Redis call (a script, a pipeline) behind `client`'s breaker when it has one, so
    that it costs a frozen Redis no more than the cache calls do."""
    breaker = getattr(client, "breaker", None)
    if breaker is None:
        return operation()
    if not breaker.allow():
        raise CircuitOpen("Redis circuit open: the cache is skipped for now.")
    try:
        result = operation()
    except Exception as exc:
        if _is_outage(exc):
            breaker.failed()
        else:
            breaker.succeeded()
        raise
    breaker.succeeded()
    return result


class BreakerClient(DefaultClient):
    """django-redis's default client with every guarded operation behind the server's breaker."""

    def __init__(self, server: Any, params: dict[str, Any], backend: Any) -> None:
        super().__init__(server, params, backend)
        self._breaker_key = str(server)
        self._nested = threading.local()

    @property
    def breaker(self) -> Breaker:
        return breaker_for(self._breaker_key)


for _name in GUARDED:
    setattr(BreakerClient, _name, _guarded(getattr(DefaultClient, _name)))
