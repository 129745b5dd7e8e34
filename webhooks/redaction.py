"""The redacted view of an event payload, for readers who must not see personal data.

HR managers see payloads in the admin only this way: the structure, the event type, ids, statuses,
scores and times stay readable (enough to follow a delivery); every other value (names, phone,
email, date of birth, Telegram id, message text, comments, the CV) is replaced by a marker giving
its length. Superusers, who manage the endpoints the data goes to, see the payload as sent.
"""

from typing import Any

# Keys whose values carry no personal data.
READABLE_KEYS = frozenset(
    {
        "event_type",
        "id",
        "candidate_id",
        "vacancy_id",
        "vacancy_name",
        "attempt_id",
        "test_id",
        "status",
        "passed",
        "score",
        "max_score",
        "percentage",
        "ai_rating",
        "applied_at",
        "received_at",
        "updated_at",
        "shared_at",
        "created_at",
        "test_name",
        "test_title",
    }
)


def _hidden(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, dict):
        return redacted(value)
    if isinstance(value, list):
        return [_hidden(item) for item in value]
    if isinstance(value, str):
        return f"[redacted: {len(value)} characters]" if value else ""
    return "[redacted]"


def redacted(payload: Any) -> Any:
    """The payload with every value outside READABLE_KEYS replaced by a marker (recursively)."""
    if isinstance(payload, list):
        return [redacted(item) for item in payload]
    if not isinstance(payload, dict):
        return _hidden(payload)
    return {
        key: (value if key in READABLE_KEYS and not isinstance(value, dict | list) else _hidden(value))
        for key, value in payload.items()
    }
