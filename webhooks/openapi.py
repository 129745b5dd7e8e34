"""The webhook contract as an OpenAPI 3.1 `webhooks` section: each event's body (section 2 of the
spec, keys in its order) and the Standard Webhooks and ordering headers of every delivery.

A drf-spectacular postprocessing hook, named by path in the OneF schema's settings (onef_api does
not import webhooks); the shapes are this app's, beside the payload builders they describe."""

from typing import Any

from webhooks.payloads import CANDIDATE_KEY_ORDER, SPEC_KEY_ORDER
from webhooks.services.signing import EVENT_TIME_HEADER, SEQUENCE_HEADER

UUID = {"type": "string", "format": "uuid"}
TIME = {"type": "string", "format": "date-time", "description": "ISO-8601 in UTC (`Z`)."}
NUMBER_OR_NULL = {"type": ["number", "null"]}
CANDIDATE_STATUS = {
    "type": "string",
    "enum": ["new", "reviewing", "test_assigned", "test_completed", "interview", "accepted", "rejected"],
}
ATTEMPT_STATUS = {
    "type": "string",
    "enum": ["pending", "in_progress", "completed", "needs_review", "passed", "failed", "timeout", "escaped"],
}
FIELDS: dict[str, dict[str, Any]] = {
    "new_application": {
        "vacancy_id": {"type": "integer"},
        "vacancy_name": {"type": "string"},
        "applied_at": TIME,
        "candidate": {
            "type": "object",
            "required": list(CANDIDATE_KEY_ORDER),
            "properties": {
                "id": UUID,
                "telegram_id": {"type": ["integer", "null"]},
                "fullname": {"type": "string"},
                "name": {"type": "string"},
                "surname": {"type": "string"},
                "email": {"type": ["string", "null"]},
                "phone": {"type": ["string", "null"]},
                "dob": {"type": ["string", "null"], "format": "date"},
                "cv_file_base64": {"type": ["string", "null"], "contentEncoding": "base64"},
                "cv_filename": {"type": ["string", "null"]},
                "ai_rating": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
                "ai_comment": {"type": ["string", "null"]},
            },
        },
    },
    "new_message": {
        "candidate_id": UUID,
        "telegram_id": {"type": ["integer", "null"]},
        "text": {"type": "string"},
        "received_at": TIME,
        # Added after v1.2 (optional, after the spec's keys): the channel the message came through.
        "channel": {
            "type": "string",
            "enum": ["telegram", "max", "email", "hh"],
            "description": "The channel the candidate wrote through: `hh` is hh.ru's chat (added after v1.2; "
            "may be absent). "
            "`telegram_id` is null when the candidate has no Telegram account.",
        },
    },
    "candidate_status_changed": {"candidate_id": UUID, "status": CANDIDATE_STATUS, "updated_at": TIME},
    "test_status_changed": {
        "attempt_id": UUID,
        "candidate_id": UUID,
        "test_id": UUID,
        "status": ATTEMPT_STATUS,
        "score": NUMBER_OR_NULL,
        "max_score": NUMBER_OR_NULL,
        "percentage": NUMBER_OR_NULL,
        "passed": {"type": ["boolean", "null"], "description": "null for `completed` (no threshold)."},
        "updated_at": TIME,
    },
    "grade_shared": {"candidate_id": UUID, "grade": {"type": "integer"}, "shared_at": TIME},
    "candidate_merged": {
        "candidate_id": {**UUID, "description": "The candidate that was kept: use this id from now on."},
        "merged_candidate_id": {
            **UUID,
            "description": "The duplicate merged into it: the API answers 404 for this id from now on.",
        },
        "merged_at": TIME,
    },
    "candidate_unmerged": {
        "candidate_id": {**UUID, "description": "The candidate that had been kept."},
        "merged_candidate_id": {
            **UUID,
            "description": "The record merged into it, a candidate of its own again: the API answers for "
            "this id again, with the applications, messages and history it had before the merge.",
        },
        "unmerged_at": TIME,
    },
    "ping": {"endpoint": {"type": "string"}, "sent_at": TIME},
}
SCORE_FIELDS = ("score", "max_score", "percentage", "passed")
SUMMARIES = {
    "new_application": "A candidate applied (sent once the AI analysis has finished or failed)",
    "new_message": "A candidate sent a message (Telegram, MAX or an e-mail reply)",
    "candidate_status_changed": "A candidate's status changed (by any path)",
    "test_status_changed": "A test attempt changed status",
    "grade_shared": "HR shared a grade with OneF",
    "candidate_merged": "HR merged a duplicate record into a candidate (an addition to the spec)",
    "candidate_unmerged": "HR undid a merge: the merged record is a candidate again (an addition to the spec)",
    "ping": "A test event HR sends from the admin to check an endpoint",
}
EXAMPLE_CANDIDATE = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
HEADERS = [
    (
        "webhook-id",
        True,
        UUID,
        "The event id: the same on every retry and in the events feed. De-duplicate on it.",
    ),
    (
        "webhook-timestamp",
        True,
        {"type": "string", "pattern": "^[0-9]+$"},
        "When this attempt was signed, Unix seconds.",
    ),
    (
        "webhook-signature",
        False,
        {"type": "string"},
        "`v1,<base64 HMAC-SHA256 of '{webhook-id}.{webhook-timestamp}.{body}'>` (space-separated "
        "when several), keyed with the base64-decoded secret after `whsec_`. Sent when the endpoint "
        "has a secret. See docs/webhooks.md.",
    ),
    (EVENT_TIME_HEADER, True, TIME, "When the event happened (not when this attempt was sent)."),
    (
        SEQUENCE_HEADER,
        False,
        {"type": "string", "pattern": "^[1-9][0-9]*$"},
        "The event's number among its candidate's events (1, 2, 3..., in commit order). Absent for `ping`.",
    ),
]
RESPONSES = {
    "2XX": {"description": "Delivered. Answer within 10 seconds; queue long work."},
    "410": {"description": "Gone: the endpoint is disabled at once and receives nothing more."},
    "default": {
        "description": "Anything else, or no answer: retried with exponential backoff and jitter for "
        "about 35 hours (5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h, 12 h, 12 h), then failed."
    },
}


def body_schema(event_type: str) -> dict[str, Any]:
    fields = FIELDS[event_type]
    order = SPEC_KEY_ORDER[event_type]
    required = [key for key in order if key not in SCORE_FIELDS]
    properties = {"event_type": {"type": "string", "const": event_type}}
    properties |= {key: fields[key] for key in order if key in fields}
    properties |= {key: schema for key, schema in fields.items() if key not in order}  # optional additions
    inner = {"type": "object", "required": required, "properties": properties}
    if event_type == "test_status_changed":
        inner["description"] = "`score`, `max_score`, `percentage` and `passed` are present only when "
        inner["description"] += "`status` is `completed`, `passed` or `failed`."
    return {"type": "object", "required": ["requestBody"], "properties": {"requestBody": inner}}


def webhook_operation(event_type: str) -> dict[str, Any]:
    return {
        "summary": SUMMARIES[event_type],
        "description": f"POSTed to ONEF_WEBHOOK_URL as `{event_type}`; keys in the order shown. "
        "Verify, order and de-duplicate as docs/webhooks.md explains.",
        "tags": ["webhooks"],
        "parameters": [
            {"in": "header", "name": name, "required": required, "schema": schema, "description": text}
            for name, required, schema, text in HEADERS
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body_schema(event_type)}},
        },
        "responses": RESPONSES,
    }


def add_webhooks(result: dict, generator, request, public: bool) -> dict:
    """drf-spectacular postprocessing hook: the `webhooks` section (OpenAPI 3.1)."""
    result["webhooks"] = {
        event_type: {"post": webhook_operation(event_type)} for event_type in SPEC_KEY_ORDER
    }
    return result
