"""messaging.rate_limits on a clock of the test's own: the windows move when the test says so."""

import pytest
from django.core.cache import cache

from messaging.rate_limits import GLOBAL_PER_SECOND, EmailRateLimiter, TelegramRateLimiter
from tests.conftest import FakeClock

NOW = 1_800_000_000.25


@pytest.fixture(autouse=True)
def _local_cache(local_cache):
    pass


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def limiter(clock) -> TelegramRateLimiter:
    return TelegramRateLimiter(clock=clock, sleep=clock.sleep)


def test_one_message_per_second_per_chat(limiter, clock):
    assert limiter.reserve_send_slot(1) == 0
    clock.now = NOW + 0.1
    assert limiter.reserve_send_slot(1) == pytest.approx(0.65)
    assert limiter.reserve_send_slot(2) == 0
    clock.now = NOW + 1
    assert limiter.reserve_send_slot(1) == 0


def test_about_thirty_messages_per_second_overall(limiter, clock):
    for chat_id in range(GLOBAL_PER_SECOND):
        assert limiter.reserve_send_slot(chat_id) == 0
    assert limiter.reserve_send_slot(999) == pytest.approx(0.75)
    clock.now = NOW + 1
    assert limiter.reserve_send_slot(999) == 0


def test_a_chat_that_must_wait_spends_none_of_the_global_budget(limiter, clock):
    assert limiter.reserve_send_slot(1) == 0
    for _ in range(2 * GLOBAL_PER_SECOND):  # a worker asking again and again for the busy chat
        assert limiter.reserve_send_slot(1) > 0
    for chat_id in range(2, GLOBAL_PER_SECOND + 1):
        assert limiter.reserve_send_slot(chat_id) == 0, chat_id


def test_a_chat_refused_by_the_global_budget_keeps_its_slot_for_that_second(limiter, clock):
    for chat_id in range(GLOBAL_PER_SECOND):
        limiter.reserve_send_slot(chat_id)
    assert limiter.reserve_send_slot(999) > 0
    cache.delete(f"telegram-rate:global:{int(NOW)}")  # the global window frees up within the second
    assert limiter.reserve_send_slot(999) == 0


def test_a_paused_chat_waits_until_the_pause_ends(limiter, clock):
    limiter.pause_chat(7, 5)
    clock.now = NOW + 1
    assert limiter.reserve_send_slot(7) == pytest.approx(4)
    assert limiter.reserve_send_slot(8) == 0


def test_a_short_wait_is_slept_through_and_the_slot_reserved(limiter, clock):
    assert limiter.wait_for_slot(1, max_wait=1.5) == 0
    assert limiter.wait_for_slot(1, max_wait=1.5) == 0  # the next second's slot, after sleeping
    assert clock.slept == [pytest.approx(0.75)]
    assert int(clock.now) == int(NOW) + 1


def test_a_wait_longer_than_allowed_is_returned_without_sleeping(limiter, clock):
    limiter.pause_chat(7, 5)
    assert limiter.wait_for_slot(7, max_wait=1.5) == pytest.approx(5)
    assert clock.slept == []


def test_the_limit_is_shared_through_redis(settings, redis_url, clock):
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}}
    cache.delete_many([f"telegram-rate:chat:4242:{int(NOW)}", f"telegram-rate:global:{int(NOW)}"])
    one_worker = TelegramRateLimiter(clock=clock)
    another_worker = TelegramRateLimiter(clock=clock)
    assert one_worker.reserve_send_slot(4242) == 0
    clock.now = NOW + 0.5
    assert another_worker.reserve_send_slot(4242) > 0


def test_the_email_budget_is_spent_per_minute_and_renewed_the_next(clock):
    clock.now = 1_800_000_040.0  # 20 s before the next minute
    email = EmailRateLimiter(clock=clock)
    assert [email.reserve_send_slot(per_minute=2) for _ in range(2)] == [0, 0]
    assert email.reserve_send_slot(per_minute=2) == pytest.approx(20)
    clock.now += 20
    assert email.reserve_send_slot(per_minute=2) == 0
