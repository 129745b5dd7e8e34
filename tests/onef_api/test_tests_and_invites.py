import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import CandidateFactory, QuestionFactory, TestFactory
from tests.onef_api.conftest import url
from tests_app import services
from tests_app.models import Attempt

pytestmark = pytest.mark.django_db


def test_tests_lists_only_active_tests_with_question_count_and_points(api):
    test = TestFactory(title="Python", pass_threshold=Decimal("60"))
    QuestionFactory(test=test, points=Decimal("2"))
    QuestionFactory(test=test, points=Decimal("3"))
    TestFactory(title="Retired", is_active=False)
    body = api.get(url("tests")).json()
    assert len(body) == 1
    assert body[0]["id"] == str(test.id)
    assert body[0]["question_count"] == 2
    assert body[0]["max_points"] == 5.0
    assert body[0]["pass_threshold"] == 60.0


def test_invite_creates_a_pending_attempt_with_a_token_url(api, settings):
    settings.PUBLIC_BASE_URL = "https://jobs.example.com"
    candidate, test = CandidateFactory(status="new"), TestFactory()
    response = api.post(
        url("invites"),
        {"candidate_id": str(candidate.id), "test_id": str(test.id), "expires_in_hours": 24},
        format="json",
    )
    assert response.status_code == 201
    attempt = Attempt.objects.get()
    body = response.json()
    assert set(body) == {"id", "candidate_id", "test_id", "status", "test_url", "expires_at"}
    assert body["status"] == "pending"
    assert body["test_url"] == f"https://jobs.example.com/t/{attempt.token}/"
    assert abs(attempt.expires_at - (timezone.now() + dt.timedelta(hours=24))) < dt.timedelta(minutes=1)
    candidate.refresh_from_db()
    assert candidate.status == "test_assigned"


def test_invite_expires_in_48_hours_by_default(api):
    candidate, test = CandidateFactory(), TestFactory()
    api.post(url("invites"), {"candidate_id": str(candidate.id), "test_id": str(test.id)}, format="json")
    expected = timezone.now() + dt.timedelta(hours=48)
    assert abs(Attempt.objects.get().expires_at - expected) < dt.timedelta(minutes=1)


@pytest.mark.parametrize("hours", [0, 721])
def test_invite_hours_out_of_range_is_a_400(api, hours):
    candidate, test = CandidateFactory(), TestFactory()
    response = api.post(
        url("invites"),
        {"candidate_id": str(candidate.id), "test_id": str(test.id), "expires_in_hours": hours},
        format="json",
    )
    assert response.status_code == 400
    assert "expires_in_hours" in response.json()
    assert not Attempt.objects.exists()


def test_invite_to_unknown_candidate_and_test_names_both_fields(api):
    response = api.post(
        url("invites"),
        {
            "candidate_id": "00000000-0000-0000-0000-000000000001",
            "test_id": "00000000-0000-0000-0000-000000000002",
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"candidate_id", "test_id"}


def test_invite_with_extra_minutes_extends_the_deadline_and_keeps_the_answer_shape(api):
    candidate, test = CandidateFactory(), TestFactory(duration_minutes=30)
    response = api.post(
        url("invites"),
        {"candidate_id": str(candidate.id), "test_id": str(test.id), "extra_minutes": 15},
        format="json",
    )
    assert response.status_code == 201
    assert set(response.json()) == {"id", "candidate_id", "test_id", "status", "test_url", "expires_at"}
    attempt = Attempt.objects.get()
    assert attempt.extra_minutes == 15
    services.attempt_start(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.deadline - attempt.started_at == dt.timedelta(minutes=45)


def test_invite_without_extra_minutes_gives_none(api):
    candidate, test = CandidateFactory(), TestFactory()
    api.post(url("invites"), {"candidate_id": str(candidate.id), "test_id": str(test.id)}, format="json")
    assert Attempt.objects.get().extra_minutes == 0


@pytest.mark.parametrize("minutes", [-1, 241, "ten"])
def test_invite_extra_minutes_out_of_range_is_a_400(api, minutes):
    candidate, test = CandidateFactory(), TestFactory()
    response = api.post(
        url("invites"),
        {"candidate_id": str(candidate.id), "test_id": str(test.id), "extra_minutes": minutes},
        format="json",
    )
    assert response.status_code == 400
    assert "extra_minutes" in response.json()
    assert not Attempt.objects.exists()
