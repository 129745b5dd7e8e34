import pytest
from django.urls import reverse

from tests.factories import CandidateFactory, UserFactory


@pytest.mark.django_db
def test_the_candidate_list_runs_the_ai_analysis_action_and_shows_its_progress(
    client, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(is_superuser=True))
    candidate = CandidateFactory()
    changelist = reverse("admin:candidates_candidate_changelist")

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            changelist, {"action": "run_ai_analysis", "_selected_action": [str(candidate.pk)]}
        )

    assert response.status_code == 302
    assert "/admin/candidates/candidate/screening/" in response["Location"]
    assert client.get(response["Location"]).status_code == 200
