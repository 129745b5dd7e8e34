"""The body of every webhook, exactly as section 2 of the integration spec shows it.

Each builder returns the whole body, `{"requestBody": {...}}`. Timestamps are ISO-8601 in UTC with a
`Z`, the same rendering as the REST API (DRF), so an integrator parses one format everywhere.
"""

import base64
import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from candidates.models import Application, Candidate, CandidateMerge, Grade
from messaging.models import Message
from tests_app.models import SCORED_ATTEMPT_STATUSES, Attempt

logger = logging.getLogger(__name__)

Body = dict[str, Any]


def iso_utc(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    text = value.astimezone(dt.UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# The key order of each body in the spec (section 2), `event_type` first. Bodies are stored as JSON
# (PostgreSQL's JSONB does not keep key order) and put back in this order when they are sent or
# listed: keys the spec does not show (backwards-compatible additions) follow in their stored order.
SPEC_KEY_ORDER: dict[str, tuple[str, ...]] = {
    "new_application": ("event_type", "vacancy_id", "vacancy_name", "applied_at", "candidate"),
    "new_message": ("event_type", "candidate_id", "telegram_id", "text", "received_at"),
    "candidate_status_changed": ("event_type", "candidate_id", "status", "updated_at"),
    "test_status_changed": (
        "event_type",
        "attempt_id",
        "candidate_id",
        "test_id",
        "status",
        "score",
        "max_score",
        "percentage",
        "passed",
        "updated_at",
    ),
    "grade_shared": ("event_type", "candidate_id", "grade", "shared_at"),
    # An addition to the spec (docs/webhooks.md): HR merged two records of one person.
    "candidate_merged": ("event_type", "candidate_id", "merged_candidate_id", "merged_at"),
    # ... and undid that merge: the merged record is a candidate of its own again.
    "candidate_unmerged": ("event_type", "candidate_id", "merged_candidate_id", "unmerged_at"),
    "ping": ("event_type", "endpoint", "sent_at"),
}
CANDIDATE_KEY_ORDER = (
    "id",
    "telegram_id",
    "fullname",
    "name",
    "surname",
    "email",
    "phone",
    "dob",
    "cv_file_base64",
    "cv_filename",
    "ai_rating",
    "ai_comment",
)


def _ordered(fields: Body, order: tuple[str, ...]) -> Body:
    known = {key: fields[key] for key in order if key in fields}
    return known | {key: value for key, value in fields.items() if key not in known}


def in_spec_order(body: Body) -> Body:
    """The whole body with its keys in the spec's order (`requestBody` first, `event_type` first in it)."""
    fields = body.get("requestBody")
    if not isinstance(fields, dict):
        return body
    fields = _ordered(fields, SPEC_KEY_ORDER.get(fields.get("event_type"), ("event_type",)))
    if isinstance(fields.get("candidate"), dict):
        fields["candidate"] = _ordered(fields["candidate"], CANDIDATE_KEY_ORDER)
    return _ordered({**body, "requestBody": fields}, ("requestBody",))


def _wrap(event_type: str, fields: Body) -> Body:
    return {"requestBody": {"event_type": event_type, **fields}}


def cv_base64(candidate: Candidate) -> str | None:
    """The CV as base64, or None when there is none (or the stored file went missing)."""
    if not candidate.cv_file:
        return None
    try:
        with candidate.cv_file.open("rb") as handle:
            return base64.b64encode(handle.read()).decode("ascii")
    except OSError:
        # The event still goes out: the integrator learns of the application, without the file.
        logger.warning("CV file of candidate %s is missing from storage", candidate.pk)
        return None


def new_application(application: Application, candidate: Candidate) -> Body:
    cv = cv_base64(candidate)
    return _wrap(
        "new_application",
        {
            "vacancy_id": application.vacancy_id,
            "vacancy_name": application.vacancy.name,
            "applied_at": iso_utc(application.applied_at),
            "candidate": {
                "id": str(candidate.id),
                "telegram_id": candidate.telegram_id,
                "fullname": candidate.fullname,
                "name": candidate.name,
                "surname": candidate.surname,
                "email": candidate.email,
                "phone": candidate.phone,
                "dob": candidate.dob.isoformat() if candidate.dob else None,
                "cv_file_base64": cv,
                "cv_filename": (candidate.cv_filename or None) if cv is not None else None,
                "ai_rating": candidate.ai_rating,
                "ai_comment": candidate.ai_comment,
            },
        },
    )


def new_message(message: Message) -> Body:
    candidate = message.candidate
    return _wrap(
        "new_message",
        {
            "candidate_id": str(candidate.id),
            "telegram_id": candidate.telegram_id
            if candidate.telegram_id is not None
            else message.telegram_chat_id,
            "text": message.text,
            "received_at": iso_utc(message.created_at),
            "channel": message.channel,
        },
    )


def candidate_status_changed(candidate: Candidate, status: str) -> Body:
    return _wrap(
        "candidate_status_changed",
        {"candidate_id": str(candidate.id), "status": status, "updated_at": iso_utc(candidate.updated_at)},
    )


def test_status_changed(attempt: Attempt, status: str) -> Body:
    fields: Body = {
        "attempt_id": str(attempt.id),
        "candidate_id": str(attempt.candidate_id),
        "test_id": str(attempt.test_id),
        "status": status,
    }
    if status in SCORED_ATTEMPT_STATUSES:
        # `completed` means the test has no pass threshold: `passed` is null there, never a guess.
        fields |= {
            "score": _number(attempt.score),
            "max_score": _number(attempt.max_score),
            "percentage": _number(attempt.percentage),
            "passed": attempt.passed,
        }
    fields["updated_at"] = iso_utc(attempt.updated_at)
    return _wrap("test_status_changed", fields)


test_status_changed.__test__ = False  # the name starts with "test": keep pytest from collecting it


def grade_shared(grade: Grade) -> Body:
    return _wrap(
        "grade_shared",
        {
            "candidate_id": str(grade.candidate_id),
            "grade": grade.value,
            "shared_at": iso_utc(grade.shared_at),
        },
    )


def _merge_body(event_type: str, merge: CandidateMerge, when_key: str, when: dt.datetime) -> Body:
    ids = {"candidate_id": str(merge.kept_id), "merged_candidate_id": str(merge.merged_id)}
    return _wrap(event_type, {**ids, when_key: iso_utc(when)})


def candidate_merged(merge: CandidateMerge) -> Body:
    return _merge_body("candidate_merged", merge, "merged_at", merge.created_at)


def candidate_unmerged(merge: CandidateMerge) -> Body:
    return _merge_body("candidate_unmerged", merge, "unmerged_at", merge.undone_at)


def ping(endpoint_name: str, sent_at: dt.datetime) -> Body:
    return _wrap("ping", {"endpoint": endpoint_name, "sent_at": iso_utc(sent_at)})
