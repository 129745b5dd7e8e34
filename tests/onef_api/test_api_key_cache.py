"""API keys are read once per ONEF_API_KEY_CACHE_SECONDS per process; a change made in this process
is seen at once, one made elsewhere (a raw UPDATE here) within the cache's lifetime."""

import pytest
from django.utils import timezone

from onef_api.models import ApiKey
from onef_api.selectors import ApiKeyCache, api_key_for_raw
from onef_api.services import api_key_create, api_key_hash, api_key_revoke
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_read_once_within_the_cache_lifetime(settings, django_assert_num_queries):
    settings.ONEF_API_KEY_CACHE_SECONDS = 5
    api_key, raw = api_key_create(name="Cached")
    cache = ApiKeyCache(clock=FakeClock())
    with django_assert_num_queries(1):
        assert cache.get(api_key_hash(raw)) == api_key
        assert cache.get(api_key_hash(raw)) == api_key


def test_a_revocation_made_in_another_process_is_seen_when_the_entry_expires(settings):
    settings.ONEF_API_KEY_CACHE_SECONDS = 5
    api_key, raw = api_key_create(name="Revoked elsewhere")
    clock = FakeClock()
    cache = ApiKeyCache(clock=clock)
    assert cache.get(api_key_hash(raw)) == api_key
    ApiKey.objects.filter(pk=api_key.pk).update(revoked_at=timezone.now())  # no signal: "elsewhere"
    clock.now += 4.9
    assert cache.get(api_key_hash(raw)) == api_key
    clock.now += 0.2
    assert cache.get(api_key_hash(raw)) is None


def test_a_revocation_made_in_this_process_takes_effect_at_once(api, raw_key):
    assert api.get(url("dashboard")).status_code == 200
    api_key_revoke(api_key=api_key_for_raw(raw_key))
    assert api.get(url("dashboard")).status_code == 401


def test_unknown_keys_are_not_remembered_so_a_new_key_works_at_once(settings):
    settings.ONEF_API_KEY_CACHE_SECONDS = 5
    cache = ApiKeyCache(clock=FakeClock())
    assert cache.get(api_key_hash("onef_not-yet")) is None
    assert cache._entries == {}


def test_zero_seconds_reads_the_key_on_every_request(settings, django_assert_num_queries):
    settings.ONEF_API_KEY_CACHE_SECONDS = 0
    _, raw = api_key_create(name="Uncached")
    cache = ApiKeyCache(clock=FakeClock())
    with django_assert_num_queries(2):
        cache.get(api_key_hash(raw))
        cache.get(api_key_hash(raw))
