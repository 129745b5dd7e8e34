"""Reads of the OneF API: API key lookup, the candidate detail and the dashboard counters."""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from candidates.models import Candidate
from candidates.selectors import applications_newest_first, candidate_counts
from core.prepared_query import PreparedQuery
from messaging.selectors import candidates_with_unread_count
from onef_api.models import ApiKey
from onef_api.serializers import CANDIDATE_FIELDS, AttemptSerializer, CandidateApplicationSerializer
from onef_api.services import KEY_PREFIX, api_key_hash
from tests_app.selectors import LATEST_ATTEMPTS, attempt_counts, attempts_newest_first

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


# The serializers' fields (the schema) as columns: the two renamed ones are read through their relation.
_SOURCE_COLUMNS = {"vacancy_name": "vacancy__name", "test_title": "test__title"}
APPLICATION_COLUMNS = tuple(
    _SOURCE_COLUMNS.get(name, name) for name in CandidateApplicationSerializer.Meta.fields
)
ATTEMPT_COLUMNS = tuple(_SOURCE_COLUMNS.get(name, name) for name in AttemptSerializer.Meta.fields)

# GET /candidates/{id} is the API's hottest read: its three queries are compiled once per process.
_candidate_with_unread = PreparedQuery(
    lambda candidate_id: candidates_with_unread_count(
        Candidate.objects.filter(pk=candidate_id, merged_into__isnull=True)
    ).values_list(*CANDIDATE_FIELDS, "cv_file", "unread_count"),
    field=Candidate._meta.pk,
)
_applications = PreparedQuery(
    lambda candidate_id: (
        applications_newest_first().filter(candidate_id=candidate_id).values_list(*APPLICATION_COLUMNS)
    ),
    field=Candidate._meta.pk,
)
_latest_attempts = PreparedQuery(
    lambda candidate_id: (
        attempts_newest_first()
        .filter(candidate_id=candidate_id)
        .values_list(*ATTEMPT_COLUMNS)[:LATEST_ATTEMPTS]
    ),
    field=Candidate._meta.pk,
)


@dataclass(frozen=True)
class CandidateDetail:
    """The rows of GET /candidates/{id}: the candidate (CANDIDATE_FIELDS, then its CV file name and
    its unread count), its applications newest first, its latest attempts newest first."""

    candidate: tuple
    applications: list[tuple]
    attempts: list[tuple]


def candidate_detail(*, candidate_id: uuid.UUID) -> CandidateDetail | None:
    found = _candidate_with_unread.rows(candidate_id)
    if not found:
        return None
    return CandidateDetail(found[0], _applications.rows(candidate_id), _latest_attempts.rows(candidate_id))
