"""Reads of the OneF API: API key lookup and the dashboard counters."""

from candidates.selectors import candidate_counts
from onef_api.models import ApiKey
from onef_api.services import KEY_PREFIX, api_key_hash
from tests_app.selectors import attempt_counts

MAX_KEY_LENGTH = 200


def api_key_for_raw(raw_key: str) -> ApiKey | None:
    """The active key matching a presented raw key, or None."""
    raw_key = raw_key.strip()
    if not raw_key.startswith(KEY_PREFIX) or len(raw_key) > MAX_KEY_LENGTH:
        return None
    return ApiKey.objects.filter(key_hash=api_key_hash(raw_key), revoked_at__isnull=True).first()


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
