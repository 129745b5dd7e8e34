import pytest

from candidates import signals
from candidates.models import Candidate
from tests.factories import CandidateFactory
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


def test_status_change_answers_id_status_updated_at_and_announces_once(api):
    candidate = CandidateFactory(status="new")
    received = []

    def receiver(**kwargs):
        received.append(kwargs["new_status"])

    signals.candidate_status_changed.connect(receiver)
    try:
        response = api.post(url(f"candidates/{candidate.id}/status"), {"status": "reviewing"}, format="json")
    finally:
        signals.candidate_status_changed.disconnect(receiver)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "status", "updated_at"}
    assert body["id"] == str(candidate.id) and body["status"] == "reviewing"
    assert Candidate.objects.get().status == "reviewing"
    assert received == ["reviewing"]


def test_missing_status_is_a_400(api):
    candidate = CandidateFactory()
    response = api.post(url(f"candidates/{candidate.id}/status"), {}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()
