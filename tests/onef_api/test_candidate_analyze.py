import pytest

from candidates.models import AIAnalysis
from tests.factories import ApplicationFactory, CandidateFactory
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


def test_analyze_runs_the_screening_of_the_latest_application_and_returns_the_candidate(api):
    candidate = CandidateFactory(ai_comment="")
    ApplicationFactory(candidate=candidate)
    latest = ApplicationFactory(candidate=candidate)
    response = api.post(url(f"candidates/{candidate.id}/analyze"))
    assert response.status_code == 200
    analysis = AIAnalysis.objects.get()
    assert analysis.application == latest
    body = response.json()
    assert body["id"] == str(candidate.id)
    assert body["ai_comment"] == analysis.comment != ""
    assert body["ai_rating"] == analysis.rating


def test_analyze_without_application_analyses_the_candidate_alone(api):
    candidate = CandidateFactory()
    assert api.post(url(f"candidates/{candidate.id}/analyze")).status_code == 200
    assert AIAnalysis.objects.get().application is None


def test_analyze_an_unknown_candidate_is_a_404(api):
    assert api.post(url("candidates/00000000-0000-0000-0000-000000000000/analyze")).status_code == 404
