import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from candidates.models import Candidate
from tests.factories import (
    ApplicationFactory,
    AttemptFactory,
    CandidateFactory,
    MessageFactory,
    VacancyFactory,
)
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db
CANDIDATE_KEYS = {
    "id",
    "telegram_id",
    "fullname",
    "name",
    "surname",
    "email",
    "phone",
    "dob",
    "status",
    "ai_rating",
    "ai_comment",
    "cv_filename",
    "created_at",
    "updated_at",
}


def test_the_list_is_a_json_array_of_candidate_objects_with_utc_times(api, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    candidate = CandidateFactory(name="John", surname="Doe", ai_rating=85, cv_filename="cv.pdf")
    response = api.get(url("candidates"))
    assert response.status_code == 200
    [row] = response.json()
    assert set(row) == CANDIDATE_KEYS
    assert row["id"] == str(candidate.id)
    assert row["fullname"] == "John Doe"
    assert row["dob"] == "1990-01-01"
    assert row["ai_rating"] == 85
    assert row["created_at"].endswith("Z")
    assert response["X-Total-Count"] == "1"


def test_the_list_matches_the_detail_for_every_shared_field(api):
    candidate = CandidateFactory()
    listed = api.get(url("candidates")).json()[0]
    detail = api.get(url(f"candidates/{candidate.id}")).json()
    assert {key: detail[key] for key in CANDIDATE_KEYS} == listed


def test_without_page_or_limit_every_candidate_is_returned(api):
    CandidateFactory.create_batch(120)
    assert len(api.get(url("candidates")).json()) == 120


def test_filter_by_one_or_several_statuses(api):
    CandidateFactory(status="new")
    reviewing = CandidateFactory(status="reviewing")
    hired = CandidateFactory(status="accepted")
    assert [c["id"] for c in api.get(url("candidates?status=reviewing")).json()] == [str(reviewing.id)]
    ids = {c["id"] for c in api.get(url("candidates?status=reviewing,accepted")).json()}
    assert ids == {str(reviewing.id), str(hired.id)}


def test_filter_by_email_is_case_insensitive_and_exact(api):
    john = CandidateFactory(email="John@Example.com")
    CandidateFactory(email="johnny@example.com")
    assert [c["id"] for c in api.get(url("candidates?email=john@example.COM")).json()] == [str(john.id)]


def test_filter_by_vacancy(api):
    vacancy = VacancyFactory()
    applied = ApplicationFactory(vacancy=vacancy).candidate
    ApplicationFactory()
    CandidateFactory()
    assert [c["id"] for c in api.get(url(f"candidates?vacancy_id={vacancy.id}")).json()] == [str(applied.id)]


def test_filter_updated_since(api):
    old = CandidateFactory()
    Candidate.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=2))
    recent = CandidateFactory()
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    response = api.get(url("candidates"), {"updated_since": since})
    assert [c["id"] for c in response.json()] == [str(recent.id)]


def test_ordering_by_a_field_and_reversed(api):
    CandidateFactory(name="Bea", surname="")
    CandidateFactory(name="Al", surname="")
    assert [c["fullname"] for c in api.get(url("candidates?ordering=fullname")).json()] == ["Al", "Bea"]
    assert [c["fullname"] for c in api.get(url("candidates?ordering=-fullname")).json()] == ["Bea", "Al"]


def test_detail_adds_applications_cv_url_unread_count_and_latest_attempts(api):
    candidate = CandidateFactory(cv_filename="cv.pdf")
    candidate.cv_file.save("cv.pdf", ContentFile(b"%PDF-1.4 fake"))
    application = ApplicationFactory(candidate=candidate)
    MessageFactory.create_batch(2, candidate=candidate)
    attempt = AttemptFactory(candidate=candidate)
    body = api.get(url(f"candidates/{candidate.id}")).json()
    assert body["applications"] == [
        {
            "vacancy_id": application.vacancy_id,
            "vacancy_name": application.vacancy.name,
            "applied_at": application.applied_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "status": "new",
            "ai_rating": None,
            "ai_comment": "",
        }
    ]
    assert body["unread_count"] == 2
    assert [a["id"] for a in body["latest_attempts"]] == [str(attempt.id)]
    assert body["cv_url"] == f"http://testserver/api/onef/candidates/{candidate.id}/cv"
    download = api.get(body["cv_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 fake"
    assert 'filename="cv.pdf"' in download["Content-Disposition"]


def test_a_candidate_without_cv_has_no_cv_url_and_no_download(api):
    candidate = CandidateFactory()
    assert api.get(url(f"candidates/{candidate.id}")).json()["cv_url"] is None
    assert api.get(url(f"candidates/{candidate.id}/cv")).status_code == 404


def test_detail_lists_each_application_with_its_own_stage_and_rating(api):
    candidate = CandidateFactory()
    ApplicationFactory(
        candidate=candidate,
        status="interview",
        ai_rating=100,
        applied_at=timezone.now() - dt.timedelta(days=3),
    )
    ApplicationFactory(candidate=candidate, status="new", ai_rating=50, ai_comment="half")
    body = api.get(url(f"candidates/{candidate.id}")).json()
    assert [(a["status"], a["ai_rating"]) for a in body["applications"]] == [("new", 50), ("interview", 100)]
    assert body["applications"][0]["ai_comment"] == "half"


def test_vacancy_and_status_together_filter_on_the_stage_of_that_application(api):
    vacancy, other = VacancyFactory(), VacancyFactory()
    in_stage = ApplicationFactory(vacancy=vacancy, status="interview").candidate
    ApplicationFactory(vacancy=vacancy, status="new")
    elsewhere = CandidateFactory(status="interview")  # its interview is for the other vacancy
    ApplicationFactory(candidate=elsewhere, vacancy=other)
    ApplicationFactory(
        candidate=elsewhere, vacancy=vacancy, status="new", applied_at=timezone.now() - dt.timedelta(days=9)
    )
    response = api.get(url("candidates"), {"vacancy_id": vacancy.id, "status": "interview"})
    assert response.status_code == 200
    assert [c["id"] for c in response.json()] == [str(in_stage.id)]
