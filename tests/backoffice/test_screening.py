import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.urls import reverse

from backoffice.admin.screening import run_ai_analysis
from candidates.models import Candidate
from candidates.screening.job_progress import JobStatus, screening_job_get
from candidates.screening.jobs import screening_job_start
from tests.candidates.screening.cv_files import attach_cv
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def candidate(cv: bytes = b"Python developer, Django, PostgreSQL") -> Candidate:
    result = CandidateFactory()
    if cv:
        attach_cv(result, cv, "cv.txt")
    ApplicationFactory(candidate=result)
    return result


def test_the_action_starts_a_job_and_redirects_to_its_progress_page(
    rf, staff, django_capture_on_commit_callbacks, celery_eager
):
    candidates = [candidate(), candidate(cv=b"")]
    request = rf.post("/admin/candidates/candidate/")
    request.user, request.session = staff, {}
    request._messages = FallbackStorage(request)
    modeladmin = admin.site.get_model_admin(Candidate)

    with django_capture_on_commit_callbacks(execute=True):
        response = run_ai_analysis(
            modeladmin, request, Candidate.objects.filter(pk__in=[c.pk for c in candidates])
        )

    assert response.status_code == 302
    job_id = response["Location"].rstrip("/").split("/")[-1]
    assert response["Location"] == reverse("admin:candidates_screening_progress", args=[job_id])
    job = screening_job_get(job_id=job_id)
    assert (job["status"], job["total"], job["done"], job["failed"]) == (JobStatus.FINISHED, 2, 2, 1)
    assert [str(message) for message in request._messages] == ["AI analysis of 2 candidates started."]


def test_the_action_runs_from_the_changelist(client, staff, django_capture_on_commit_callbacks, celery_eager):
    selected = candidate()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:candidates_candidate_changelist"),
            {"action": "run_ai_analysis", "_selected_action": [str(selected.pk)]},
        )

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    selected.refresh_from_db()
    assert selected.ai_rating is not None


def test_the_progress_page_shows_done_total_and_failed(client, staff):
    job_id = screening_job_start(candidate_ids=["a", "b", "c"])

    response = client.get(reverse("admin:candidates_screening_progress", args=[job_id]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="screening-done">0<' in html
    assert 'id="screening-total">3<' in html
    assert 'id="screening-failed">0<' in html
    assert reverse("admin:candidates_screening_progress_data", args=[job_id]) in html


def test_the_progress_data_reports_the_job_as_json(
    client, staff, django_capture_on_commit_callbacks, celery_eager
):
    without_cv = candidate(cv=b"")
    with django_capture_on_commit_callbacks(execute=True):
        job_id = screening_job_start(candidate_ids=[str(without_cv.pk)])

    response = client.get(reverse("admin:candidates_screening_progress_data", args=[job_id]))

    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["total"], data["done"], data["failed"]) == ("finished", 1, 1, 1)
    assert data["failures"][0]["reason"] == "No rating: the candidate has no CV."
    assert "user_id" not in data


def test_an_unknown_job_is_404(client, staff):
    assert client.get(reverse("admin:candidates_screening_progress", args=["nope"])).status_code == 404
    assert client.get(reverse("admin:candidates_screening_progress_data", args=["nope"])).status_code == 404


def test_the_progress_views_are_for_staff_only(client):
    job_id = screening_job_start(candidate_ids=["a"])
    client.force_login(UserFactory(is_staff=False))

    page = client.get(reverse("admin:candidates_screening_progress", args=[job_id]))
    data = client.get(reverse("admin:candidates_screening_progress_data", args=[job_id]))

    assert page.status_code == 302
    assert "/login/" in page["Location"]
    assert data.status_code == 403


def test_the_action_needs_the_change_permission():
    assert run_ai_analysis.allowed_permissions == ["change"]
