"""Hot-path response bodies built by plain functions from rows: the same JSON as the serializers of
onef_api.serializers (which stay the schema and the reference), without model instances or DRF
fields per request. tests/onef_api/test_bodies.py renders both for the same rows and compares the
bytes.

Times are converted to UTC (the renderer writes `Z`, microseconds kept, as the serializers do);
decimals become floats, as DRF's `Number` fields render them.
"""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from rest_framework.request import Request

from onef_api.selectors import CandidateDetail
from onef_api.serializers import CANDIDATE_FIELDS, AttemptSerializer, CandidateApplicationSerializer

APPLICATION_KEYS = CandidateApplicationSerializer.Meta.fields
ATTEMPT_KEYS = AttemptSerializer.Meta.fields


def plain(value):
    """Times in UTC, decimals as floats, everything else as it is."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    if isinstance(value, Decimal):
        return float(value)
    return value


def cv_url(request: Request, candidate_id, cv_file: str) -> str | None:
    if not cv_file:
        return None
    return request.build_absolute_uri(reverse("onef_api:candidate-cv", kwargs={"candidate_id": candidate_id}))


def candidate_detail_body(request: Request, detail: CandidateDetail) -> dict:
    """GET /candidates/{id}: the shape of CandidateDetailSerializer."""
    *fields, cv_file, unread_count = detail.candidate
    body = {key: plain(value) for key, value in zip(CANDIDATE_FIELDS, fields, strict=True)}
    body["applications"] = [
        {key: plain(value) for key, value in zip(APPLICATION_KEYS, row, strict=True)}
        for row in detail.applications
    ]
    body["cv_url"] = cv_url(request, body["id"], cv_file)
    body["unread_count"] = unread_count
    body["latest_attempts"] = [
        {key: plain(value) for key, value in zip(ATTEMPT_KEYS, row, strict=True)} for row in detail.attempts
    ]
    return body
