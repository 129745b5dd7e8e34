"""Reads of the OneF API: API key lookup and the dashboard counters."""

import time
from collections.abc import Callable

from django.conf import settings

from candidates.selectors import candidate_counts
from onef_api.models import ApiKey
from onef_api.services import KEY_PREFIX, api_key_hash
from tests_app.selectors import attempt_counts

MAX_KEY_LENGTH = 200


class ApiKeyCache:
    """Active keys by hash, kept in this process for `ONEF_API_KEY_CACHE_SECONDS`.

    A request then costs no query to find its key. A change of a key saved in this process (revoked,
    scopes edited, deleted) empties the cache at once (onef_api.apps connects the signals); other
    processes see it when their entry expires, i.e. within ONEF_API_KEY_CACHE_SECONDS (5 by
    default; 0 turns the cache off). Unknown keys are not remembered, so a new key works at once and
    random keys cannot fill the memory; the cache never holds more than MAX_ENTRIES keys.
    """

    MAX_ENTRIES = 1000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._entries: dict[str, tuple[ApiKey, float]] = {}

    def get(self, key_hash: str) -> ApiKey | None:
        ttl = settings.ONEF_API_KEY_CACHE_SECONDS
        now = self.clock()
        entry = self._entries.get(key_hash)
        if entry is not None and entry[1] > now:
            return entry[0]
        api_key = ApiKey.objects.filter(key_hash=key_hash, revoked_at__isnull=True).first()
        if api_key is None or ttl <= 0:
            self._entries.pop(key_hash, None)
            return api_key
        if len(self._entries) >= self.MAX_ENTRIES:
            self._entries.clear()
        self._entries[key_hash] = (api_key, now + ttl)
        return api_key

    def clear(self, **kwargs) -> None:
        self._entries.clear()


api_key_cache = ApiKeyCache()


def api_key_for_raw(raw_key: str) -> ApiKey | None:
    """The active key matching a presented raw key, or None (see ApiKeyCache for how fresh)."""
    raw_key = raw_key.strip()
    if not raw_key.startswith(KEY_PREFIX) or len(raw_key) > MAX_KEY_LENGTH:
        return None
    return api_key_cache.get(api_key_hash(raw_key))


def dashboard_stats() -> dict:
    """The body of GET /dashboard."""
    counts = candidate_counts() | attempt_counts()
    return {
        "candidates_total": counts["registered"],
        "candidates_new_today": counts["new_today"],
        "active_vacancies": counts["active_vacancies"],
        "test_attempts_pending": counts["pending"],
        "recruitment_funnel": {
            key: counts[key] for key in ("registered", "applied", "test_started", "test_completed", "hired")
        },
    }
