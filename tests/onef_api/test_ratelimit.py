"""The per-client budget of onef_api.ratelimit, driven by a clock of the test's own: a burst falls in
one window because the clock says so, not because it was fast enough."""

import json
import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from onef_api import ratelimit
from onef_api.services import api_key_create
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db
ENDPOINT = url("dictionaries/candidate-statuses")
NOW = 1_900_000_000.25  # a quarter into a window


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _local_cache(settings):
    """Counters of this test only: with a clock that stands still, every test counts in one window."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "onef-rate"}
    }
    cache.clear()


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> FakeClock:
    """The API's limiter reads this clock, which moves only when a test moves it."""
    fake = FakeClock(NOW)
    monkeypatch.setattr(ratelimit.limiter, "clock", fake)
    return fake


def unique_ip() -> str:
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250}"


def burst(client: APIClient, count: int, **headers) -> list:
    return [client.get(ENDPOINT, **headers) for _ in range(count)]


def test_over_budget_a_client_gets_429_with_retry_after_ratelimit_headers_and_json(settings):
    settings.INTEGRATION_RPS = 3
    ip = unique_ip()
    raw = api_key_create(name="Limited")[1]
    responses = burst(APIClient(), 4, REMOTE_ADDR=ip, HTTP_X_API_KEY=raw)
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    limited = responses[-1]
    assert int(limited["Retry-After"]) >= 1
    assert limited["RateLimit-Policy"] == "3;w=1"
    assert "remaining=0" in limited["RateLimit"]
    assert "Rate limit exceeded" in limited.json()["detail"]


def test_the_budget_is_renewed_in_the_next_second_and_not_before(settings, clock):
    settings.INTEGRATION_RPS = 2
    ip = unique_ip()
    assert [r.status_code for r in burst(APIClient(), 3, REMOTE_ADDR=ip)] == [401, 401, 429]
    clock.now = NOW + 0.7  # the end of the same second
    assert APIClient().get(ENDPOINT, REMOTE_ADDR=ip).status_code == 429
    clock.now = NOW + 0.75  # the next second
    assert [r.status_code for r in burst(APIClient(), 3, REMOTE_ADDR=ip)] == [401, 401, 429]


def test_successful_responses_carry_the_remaining_budget(settings):
    settings.INTEGRATION_RPS = 5
    response = APIClient().get(ENDPOINT, REMOTE_ADDR=unique_ip(), HTTP_X_API_KEY=api_key_create(name="K")[1])
    assert response.status_code == 200
    assert response["RateLimit"].startswith("limit=5, remaining=4")


def test_each_key_has_its_own_budget_even_from_one_ip(settings):
    settings.INTEGRATION_RPS = 2
    ip = unique_ip()
    first, second = api_key_create(name="A")[1], api_key_create(name="B")[1]
    assert [r.status_code for r in burst(APIClient(), 3, REMOTE_ADDR=ip, HTTP_X_API_KEY=first)][-1] == 429
    assert APIClient().get(ENDPOINT, REMOTE_ADDR=ip, HTTP_X_API_KEY=second).status_code == 200


def test_requests_without_a_valid_key_are_limited_per_ip(settings):
    settings.INTEGRATION_RPS = 2
    ip = unique_ip()
    statuses = [r.status_code for r in burst(APIClient(), 3, REMOTE_ADDR=ip, HTTP_X_API_KEY="onef_wrong")]
    assert statuses == [401, 401, 429]
    assert APIClient().get(ENDPOINT, REMOTE_ADDR=unique_ip()).status_code == 401


def test_when_the_cache_is_down_the_api_fails_open_and_logs_it(settings, caplog, raw_key):
    settings.INTEGRATION_RPS = 1
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    with caplog.at_level(logging.WARNING, logger="onef_api.ratelimit"):
        statuses = [r.status_code for r in burst(APIClient(), 3, HTTP_X_API_KEY=raw_key)]
    assert statuses == [200, 200, 200]
    assert "Rate limiter unavailable" in caplog.text


SECOND_PROCESS = """
import json, os, sys, time
import django
django.setup()
from django.test import Client
from onef_api import ratelimit
ratelimit.limiter.clock = lambda: float(os.environ["CLOCK_NOW"])
sys.stdout.write("ready\\n"); sys.stdout.flush()
count = int(sys.stdin.readline())
client = Client(HTTP_HOST="127.0.0.1")
statuses = [client.get(os.environ["ENDPOINT"], REMOTE_ADDR=os.environ["CLIENT_IP"]).status_code for _ in range(count)]
sys.stdout.write(json.dumps(statuses) + "\\n"); sys.stdout.flush()
"""


@pytest.mark.redis
def test_two_processes_share_one_budget_through_redis(redis_url, settings):
    """This process spends part of the budget, a second process spends the rest and is refused."""
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}}
    settings.INTEGRATION_RPS = 4
    settings.ONEF_API_AUTH = "off"
    ip = unique_ip()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recruitment.test_settings",
        "REDIS_URL": redis_url,
        "INTEGRATION_RPS": "4",
        "ONEF_API_AUTH": "off",
        "ENDPOINT": ENDPOINT,
        "CLIENT_IP": ip,
        "CLOCK_NOW": repr(NOW),  # the same window as this process's clock
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    other = subprocess.Popen(
        [sys.executable, "-c", SECOND_PROCESS],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert other.stdout.readline().strip() == "ready"
        here = [r.status_code for r in burst(APIClient(), 3, REMOTE_ADDR=ip)]
        other.stdin.write("2\n")
        other.stdin.flush()
        there = json.loads(other.stdout.readline())
    finally:
        other.kill()
        other.wait()
    assert here == [200, 200, 200]
    assert there == [200, 429]
