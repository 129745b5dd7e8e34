import pytest
from django.core.cache import cache

from messaging.rate_limits import GLOBAL_PER_SECOND, pause_chat, reserve_send_slot

NOW = 1_800_000_000.25


@pytest.fixture(autouse=True)
def _local_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}
    }
    cache.clear()


def test_one_message_per_second_per_chat():
    assert reserve_send_slot(1, now=NOW) == 0
    assert reserve_send_slot(1, now=NOW + 0.1) == pytest.approx(0.65)
    assert reserve_send_slot(2, now=NOW + 0.1) == 0
    assert reserve_send_slot(1, now=NOW + 1) == 0


def test_about_thirty_messages_per_second_overall():
    for chat_id in range(GLOBAL_PER_SECOND):
        assert reserve_send_slot(chat_id, now=NOW) == 0
    assert reserve_send_slot(999, now=NOW) == pytest.approx(0.75)
    assert reserve_send_slot(999, now=NOW + 1) == 0


def test_a_paused_chat_waits_until_the_pause_ends():
    pause_chat(7, 5, now=NOW)
    assert reserve_send_slot(7, now=NOW + 1) == pytest.approx(4)
    assert reserve_send_slot(8, now=NOW + 1) == 0


def test_the_limit_is_shared_through_redis(settings, redis_url):
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}}
    cache.delete_many([f"telegram-rate:chat:4242:{int(NOW)}", f"telegram-rate:global:{int(NOW)}"])
    assert reserve_send_slot(4242, now=NOW) == 0
    assert reserve_send_slot(4242, now=NOW + 0.5) > 0
