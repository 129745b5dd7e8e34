"""Golden test of the hot-path bodies: GET /candidates/{id} and GET /candidates answer the very bytes
that the serializers (the schema) rendered by DRF's JSONRenderer give for the same rows."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from candidates.models import Candidate
from messaging.selectors import unread_count_of
from onef_api import serializers as s
from tests.factories import ApplicationFactory, AttemptFactory, CandidateFactory, MessageFactory, TestFactory
from tests.onef_api.conftest import url
from tests_app.selectors import attempts_latest

pytestmark = pytest.mark.django_db
MOMENT = dt.datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=dt.UTC)


def varied_candidate() -> Candidate:
    candidate = CandidateFactory(
        id=uuid.UUID("0f0e0d0c-0b0a-0908-0706-050403020100"),
        name="Анна",
        surname="Łukasiewicz-O'Brien",
        fullname='Анна "Ann" Łukasiewicz\u2028',
        email="anna@example.com",
        phone="+79991234567",
        dob=dt.date(1991, 2, 3),
        status="test_assigned",
        ai_rating=87,
        ai_comment="Сильный кандидат 😀 <b>&</b>",
        cv_filename="резюме.pdf",
    )
    candidate.cv_file.save("cv.pdf", ContentFile(b"%PDF-1.4 fake"))
    Candidate.objects.filter(pk=candidate.pk).update(
        created_at=MOMENT, updated_at=MOMENT.replace(microsecond=0)
    )
    ApplicationFactory(candidate=candidate, status="interview", ai_rating=None, applied_at=MOMENT)
    ApplicationFactory(candidate=candidate, status="new", ai_rating=100, ai_comment="ok")
    MessageFactory.create_batch(3, candidate=candidate)
    test = TestFactory(title="Python — базовый")
    AttemptFactory(candidate=candidate, test=test)
    AttemptFactory(
        candidate=candidate,
        test=test,
        status="passed",
        score=Decimal("17.50"),
        max_score=Decimal("20.00"),
        percentage=Decimal("87.50"),
        passed=True,
        started_at=MOMENT,
        deadline=MOMENT + dt.timedelta(hours=1),
        submitted_at=MOMENT + dt.timedelta(minutes=59, microseconds=1),
    )
    AttemptFactory(candidate=candidate, test=test, score=Decimal("0.01"), percentage=Decimal("33.33"))
    return candidate


def serializer_detail_bytes(candidate: Candidate) -> bytes:
    candidate = Candidate.objects.prefetch_related("applications__vacancy").get(pk=candidate.pk)
    candidate.unread_count = unread_count_of(candidate=candidate)
    candidate.latest_attempts = attempts_latest(candidate=candidate)
    request = APIRequestFactory().get("/")
    data = s.CandidateDetailSerializer(candidate, context={"request": request}).data
    return JSONRenderer().render(data)


def test_the_detail_body_is_byte_for_byte_the_serializer_output(api):
    candidate = varied_candidate()
    response = api.get(url(f"candidates/{candidate.id}"))
    assert response.status_code == 200
    assert len(response.json()["latest_attempts"]) == 3
    assert response.content == serializer_detail_bytes(candidate)


def test_a_detail_without_cv_applications_or_attempts_is_the_serializer_output(api):
    candidate = CandidateFactory(dob=None, telegram_id=None, ai_rating=None)
    assert api.get(url(f"candidates/{candidate.id}")).content == serializer_detail_bytes(candidate)


def test_the_full_list_is_byte_for_byte_the_serializer_output(api):
    varied_candidate()
    CandidateFactory.create_batch(5)
    rows = Candidate.objects.order_by("-created_at", "-id")
    expected = JSONRenderer().render(s.CandidateSerializer(rows, many=True).data)
    assert api.get(url("candidates")).content == expected
    assert api.get(url("candidates?page=1&limit=3")).content == JSONRenderer().render(
        s.CandidateSerializer(rows[:3], many=True).data
    )
