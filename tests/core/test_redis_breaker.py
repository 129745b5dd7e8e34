"""A Redis that hangs: short socket timeouts and a circuit breaker (core/redis_breaker.py).

The end-to-end test starts a private redis-server on a free port, freezes it with SIGSTOP and
counts, through the breaker, how many cache calls still went to Redis: one per pause, not one per
request. Counts rather than timings; bench/redis_freeze.py measures the latency.
"""

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis
from django.core.cache import cache
from rest_framework.test import APIClient

from core import redis_breaker
from core.redis_breaker import Breaker, breaker_for
from onef_api import ratelimit
from onef_api.services import api_key_create
from tests.onef_api.conftest import url

ENDPOINT = url("dictionaries/candidate-statuses")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_failure_opens_the_circuit_and_later_calls_are_refused():
    breaker = Breaker(open_seconds=5, clock=FakeClock())

    assert breaker.allow()
    breaker.failed()

    assert [breaker.allow() for _ in range(3)] == [False, False, False]
    assert breaker.calls_refused == 3


def test_after_the_pause_one_probe_goes_through_and_a_success_closes_the_circuit():
    clock = FakeClock()
    breaker = Breaker(open_seconds=5, clock=clock)
    breaker.failed()
    clock.now += 5

    assert breaker.allow()  # the probe
    assert not breaker.allow()  # the others wait for its answer
    breaker.succeeded()

    assert not breaker.is_open
    assert all(breaker.allow() for _ in range(3))


def test_a_failed_probe_opens_the_circuit_again():
    clock = FakeClock()
    breaker = Breaker(open_seconds=5, clock=clock)
    breaker.failed()
    clock.now += 5
    assert breaker.allow()

    breaker.failed()

    assert not breaker.allow()
    clock.now += 5
    assert breaker.allow()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def private_redis(tmp_path) -> Iterator[tuple[subprocess.Popen, str]]:
    """A redis-server of this test alone, on a free port; continued and killed at the end."""
    port = _free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    server = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(server, socket_timeout=0.5)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        yield process, server
    finally:
        os.kill(process.pid, signal.SIGCONT)
        process.kill()
        process.wait(timeout=10)


@pytest.fixture
def breaker_cache(settings, private_redis) -> Iterator[tuple[subprocess.Popen, Breaker, FakeClock]]:
    process, server = private_redis
    settings.INTEGRATION_RPS = 3
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": server,
            "OPTIONS": {
                "CLIENT_CLASS": "core.redis_breaker.BreakerClient",
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        }
    }
    redis_breaker.reset_breakers()
    breaker = breaker_for(server)
    clock = FakeClock()
    breaker.clock = clock
    yield process, breaker, clock
    redis_breaker.reset_breakers()


@pytest.mark.django_db
def test_a_frozen_redis_costs_one_short_timeout_then_none_until_it_recovers(breaker_cache, monkeypatch):
    process, breaker, clock = breaker_cache
    monkeypatch.setattr(ratelimit.limiter, "clock", lambda: 1_900_000_000.25)  # one rate window
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=api_key_create(name="breaker")[1])
    assert client.get(ENDPOINT).status_code == 200
    assert cache.get("onef-api-rate:nothing") is None  # Redis answers: the circuit is closed

    os.kill(process.pid, signal.SIGSTOP)
    statuses = [client.get(ENDPOINT).status_code for _ in range(20)]

    assert statuses == [200] * 20  # the limiter fails open
    assert breaker.failures == 1  # one call waited for the socket timeout ...
    assert breaker.calls_refused >= 19  # ... every later one never touched the frozen server

    clock.now += 10  # the pause is over: one probe, still frozen, one more timeout
    client.get(ENDPOINT)
    assert breaker.failures == 2

    os.kill(process.pid, signal.SIGCONT)
    clock.now += 10
    statuses = [client.get(ENDPOINT).status_code for _ in range(5)]

    assert not breaker.is_open  # the probe succeeded: Redis counts again
    # Counting again (commands the frozen server had buffered may have counted too): over budget.
    assert statuses[0] == 200 and statuses[-1] == 429


@pytest.mark.django_db
def test_an_error_redis_answers_with_closes_the_circuit_like_a_success(breaker_cache):
    _process, breaker, clock = breaker_cache
    breaker.failed()
    clock.now += 10

    with pytest.raises(ValueError):
        cache.incr("no-such-counter")  # the probe: Redis answers "no such key"

    assert not breaker.is_open
    assert cache.add("some-key", 1)
