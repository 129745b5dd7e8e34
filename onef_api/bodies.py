"""Hot-path response bodies built by plain functions: the same JSON as the serializers of
onef_api.serializers (which stay the schema and the reference), without building DRF fields per
request. tests/onef_api/test_bodies.py renders both for the same rows and compares the bytes.

Times are converted to UTC (the renderer writes `Z`, microseconds kept, as the serializers do);
decimals become floats, as DRF's `Number` fields render them.
"""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from rest_framework.request import Request

from candidates.models import Application, Candidate
from onef_api.serializers import CANDIDATE_FIELDS
from tests_app.models import Attempt

CANDIDATE_DATETIMES = ("created_at", "updated_at")
ATTEMPT_DATETIMES = ("expires_at", "started_at", "deadline", "submitted_at", "created_at", "updated_at")


def utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else value.astimezone(dt.UTC)


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def plain(value):
    """A TextChoices member as its plain value (what a ChoiceField renders)."""
    return value.value if hasattr(value, "value") else value


def candidate_body(candidate: Candidate) -> dict:
    body = {name: getattr(candidate, name) for name in CANDIDATE_FIELDS}
    body["status"] = plain(body["status"])
    for name in CANDIDATE_DATETIMES:
        body[name] = utc(body[name])
    return body


def application_body(application: Application) -> dict:
    return {
        "vacancy_id": application.vacancy_id,
        "vacancy_name": application.vacancy.name,
        "applied_at": utc(application.applied_at),
        "status": plain(application.status),
        "ai_rating": application.ai_rating,
        "ai_comment": application.ai_comment,
    }


def attempt_body(attempt: Attempt) -> dict:
    body = {
        "id": attempt.id,
        "candidate_id": attempt.candidate_id,
        "test_id": attempt.test_id,
        "test_title": attempt.test.title,
        "status": plain(attempt.status),
        "score": number(attempt.score),
        "max_score": number(attempt.max_score),
        "percentage": number(attempt.percentage),
        "passed": attempt.passed,
    }
    for name in ATTEMPT_DATETIMES:
        body[name] = utc(getattr(attempt, name))
    return body


def cv_url(request: Request, candidate: Candidate) -> str | None:
    if not candidate.cv_file:
        return None
    return request.build_absolute_uri(reverse("onef_api:candidate-cv", kwargs={"candidate_id": candidate.pk}))


def candidate_detail_body(
    request: Request, candidate: Candidate, *, unread_count: int, latest_attempts: list[Attempt]
) -> dict:
    """GET /candidates/{id}: the shape of CandidateDetailSerializer."""
    return candidate_body(candidate) | {
        "applications": [application_body(application) for application in candidate.applications.all()],
        "cv_url": cv_url(request, candidate),
        "unread_count": unread_count,
        "latest_attempts": [attempt_body(attempt) for attempt in latest_attempts],
    }
