import pytest

from candidates import signals
from candidates.models import Application, Candidate, HistoryEntry
from tests.factories import ApplicationFactory, CandidateFactory, EndpointFactory
from tests.onef_api.conftest import url
from webhooks.models import Event

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


def test_status_change_moves_the_current_application_and_records_the_api_key(api):
    EndpointFactory()
    application = ApplicationFactory()
    response = api.post(
        url(f"candidates/{application.candidate_id}/status"), {"status": "interview"}, format="json"
    )
    assert response.status_code == 200
    assert Application.objects.get(pk=application.pk).status == "interview"
    entry = HistoryEntry.objects.get(kind="status_changed")
    assert (entry.application_id, entry.actor_label) == (application.pk, "API key OneF test")
    events = Event.objects.filter(event_type="candidate_status_changed")
    assert [e.payload["requestBody"]["status"] for e in events] == ["interview"]
    assert set(events[0].payload["requestBody"]) == {"event_type", "candidate_id", "status", "updated_at"}
