import datetime as dt
import uuid

import pytest

from candidates.models import Candidate
from tests.factories import CandidateFactory
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


def test_malformed_json_is_a_400_with_a_json_body(api):
    candidate = CandidateFactory()
    response = api.post(
        url(f"candidates/{candidate.id}/status"), data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_a_json_array_instead_of_an_object_is_a_400(api):
    response = api.post(url("messages"), data=[1, 2], format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_a_wrong_method_is_a_405_json(api):
    response = api.delete(url("candidates"))
    assert response.status_code == 405
    assert response.json()["detail"] == 'Method "DELETE" not allowed.'


def test_a_non_uuid_id_is_a_404_json(api):
    response = api.get(url("candidates/not-a-uuid"))
    assert response.status_code == 404
    assert "not-a-uuid" in response.json()["detail"]


def test_an_unknown_id_is_a_404_json(api):
    assert api.get(url(f"candidates/{uuid.uuid4()}")).status_code == 404
    assert api.get(url(f"attempts/{uuid.uuid4()}")).status_code == 404
    assert api.get(url("vacancies/99999999999999999999")).status_code == 404
    assert api.get(url("vacancies/-1")).status_code == 404
    assert api.get(url("vacancies/²")).status_code == 404  # a digit to str.isdigit, not to int()


def test_an_unknown_path_is_a_404_json(api):
    response = api.get(url("nothing/here"))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_wrong_types_are_a_400_with_field_errors(api):
    response = api.post(
        url("invites"), {"candidate_id": 5, "test_id": "x", "expires_in_hours": "soon"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"candidate_id", "test_id", "expires_in_hours"}


def test_an_unknown_status_is_a_400_naming_the_field(api):
    candidate = CandidateFactory()
    response = api.post(url(f"candidates/{candidate.id}/status"), {"status": "promoted"}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "limit=501",
        "limit=abc",
        "status=promoted",
        "status=new,promoted",
        "updated_since=yesterday",
        "updated_since=0001-01-01T00:00:00%2B23:00",
        "vacancy_id=abc",
        "vacancy_id=99999999999",
        "ordering=password",
    ],
)
def test_bad_query_parameters_are_a_400(api, query):
    response = api.get(url(f"candidates?{query}"))
    assert response.status_code == 400, response.content
    assert isinstance(response.json(), dict)


def test_updated_since_with_an_offset_postgresql_refuses_is_compared_in_utc(api):
    instant = dt.datetime(2026, 2, 11, 12, 0, tzinfo=dt.UTC)
    before, at = CandidateFactory(), CandidateFactory()
    Candidate.objects.filter(pk=before.pk).update(updated_at=instant - dt.timedelta(seconds=1))
    Candidate.objects.filter(pk=at.pk).update(updated_at=instant)

    # The same instant written with +23:40, an offset ISO-8601 allows and PostgreSQL refuses.
    response = api.get(url("candidates?updated_since=2026-02-12T11:40:00%2B23:40"))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(at.id)]
    # Far in the past with that offset: every candidate.
    response = api.get(url("candidates?updated_since=0459-08-14T02:47:45%2B23:40"))
    assert {row["id"] for row in response.json()} == {str(before.id), str(at.id)}


def test_a_django_validation_error_from_a_service_becomes_a_400(api):
    from tests.factories import TestFactory

    candidate, test = CandidateFactory(), TestFactory(is_active=False)
    response = api.post(
        url("invites"), {"candidate_id": str(candidate.id), "test_id": str(test.id)}, format="json"
    )
    assert response.status_code == 400
    assert "not active" in response.json()["test_id"][0]


def test_the_api_answers_in_english_whatever_the_accept_language(api):
    response = api.delete(url("candidates"), headers={"accept-language": "ru-RU,ru;q=0.9"})

    assert response.status_code == 405
    assert response.json()["detail"] == 'Method "DELETE" not allowed.'
    assert response["Content-Language"] == "en"
