"""core.ip_limit: a per-IP rate in the shared cache that counts only what the caller counts and fails
open, with the caller's warning, when the cache is down."""

import logging

import pytest
from django.test import RequestFactory

from core.ip_limit import IpLimit

LIMIT = IpLimit(group="test-limit", rate_setting="TEST_IP_RATE", when_down="Test limit down; left open")


def request_from(ip: str):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


@pytest.fixture
def three_a_minute(settings, local_cache):
    settings.TEST_IP_RATE = "3/m"


def test_an_address_under_its_rate_may_go_on(three_a_minute):
    for _ in range(2):
        LIMIT.count(request_from("10.0.0.1"))
    assert LIMIT.retry_after(request_from("10.0.0.1")) is None


def test_an_address_that_used_up_its_rate_waits_until_the_window_ends(three_a_minute):
    for _ in range(3):
        LIMIT.count(request_from("10.0.0.1"))
    assert 1 <= LIMIT.retry_after(request_from("10.0.0.1")) <= 60


def test_asking_does_not_count(three_a_minute):
    for _ in range(10):
        assert LIMIT.retry_after(request_from("10.0.0.1")) is None


def test_other_addresses_and_other_groups_keep_their_own_counts(settings, three_a_minute):
    settings.OTHER_IP_RATE = "3/m"
    other_group = IpLimit(group="other-limit", rate_setting="OTHER_IP_RATE", when_down="down")
    for _ in range(3):
        LIMIT.count(request_from("10.0.0.1"))
    assert LIMIT.retry_after(request_from("10.0.0.2")) is None
    assert other_group.retry_after(request_from("10.0.0.1")) is None


def test_the_rate_is_read_from_the_setting_when_asked(settings, local_cache):
    settings.TEST_IP_RATE = "1/m"  # set after LIMIT was made
    LIMIT.count(request_from("10.0.0.1"))
    assert LIMIT.retry_after(request_from("10.0.0.1")) is not None


def test_a_broken_cache_leaves_the_limit_open_and_logs_the_callers_warning(settings, caplog):
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    settings.TEST_IP_RATE = "1/m"
    with caplog.at_level(logging.WARNING, logger="core.ip_limit"):
        for _ in range(3):
            LIMIT.count(request_from("10.0.0.1"))
        assert LIMIT.retry_after(request_from("10.0.0.1")) is None
    warnings = [record for record in caplog.records if record.message == "Test limit down; left open"]
    assert len(warnings) == 4
    assert all("Connection refused" in traceback_of(record) for record in warnings)


def traceback_of(record: logging.LogRecord) -> str:
    # The project's redaction filter, when it saw the record first, keeps the traceback as text only.
    if record.exc_info:
        return logging.Formatter().formatException(record.exc_info)
    return record.exc_text or ""
