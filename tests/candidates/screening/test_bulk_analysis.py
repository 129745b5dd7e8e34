import pytest

from candidates.models import AIAnalysis
from candidates.screening.job_progress import JobStatus, screening_job_get, screening_job_update
from candidates.screening.jobs import screening_job_start
from candidates.screening.tasks import analyze_candidates
from tests.candidates.screening.cv_files import attach_cv
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db

CV = b"Python developer: Django, PostgreSQL, 4 years of experience."


def candidate_with_application(cv: bytes = CV):
    candidate = CandidateFactory()
    if cv:
        attach_cv(candidate, cv, "cv.txt")
    ApplicationFactory(candidate=candidate)
    return candidate


def new_job(candidate_ids: list[str]) -> str:
    return screening_job_start(candidate_ids=candidate_ids)


def test_the_task_analyses_every_candidate_and_records_progress():
    candidates = [candidate_with_application() for _ in range(3)]
    ids = [str(candidate.pk) for candidate in candidates]
    job_id = new_job(ids)

    analyze_candidates(job_id, ids)

    job = screening_job_get(job_id=job_id)
    assert (job["status"], job["total"], job["done"], job["failed"]) == (JobStatus.FINISHED, 3, 3, 0)
    assert job["finished_at"]
    assert AIAnalysis.objects.filter(candidate__in=candidates, rating__isnull=False).count() == 3


def test_candidates_left_without_a_rating_are_counted_as_failed_with_the_reason():
    ok = candidate_with_application()
    without_cv = candidate_with_application(cv=b"")
    deleted = candidate_with_application()
    ids = [str(ok.pk), str(without_cv.pk), str(deleted.pk)]
    deleted.delete()
    job_id = new_job(ids)

    analyze_candidates(job_id, ids)

    job = screening_job_get(job_id=job_id)
    assert (job["done"], job["failed"]) == (3, 2)
    reasons = {failure["id"]: failure["reason"] for failure in job["failures"]}
    assert reasons == {
        str(without_cv.pk): "No rating: the candidate has no CV.",
        ids[2]: "the candidate no longer exists",
    }


def test_a_long_job_continues_in_follow_up_tasks(celery_eager, monkeypatch):
    monkeypatch.setattr("candidates.screening.tasks._chunk_budget_seconds", lambda: -1)
    ids = [str(candidate_with_application().pk) for _ in range(3)]
    job_id = new_job(ids)

    analyze_candidates(job_id, ids)

    job = screening_job_get(job_id=job_id)
    assert (job["status"], job["done"]) == (JobStatus.FINISHED, 3)
    assert AIAnalysis.objects.count() == 3


def test_a_redelivered_chunk_does_not_count_a_failure_twice():
    without_cv = candidate_with_application(cv=b"")
    ids = [str(without_cv.pk)]
    job_id = new_job(ids)

    analyze_candidates(job_id, ids)
    analyze_candidates(job_id, ids)

    assert screening_job_get(job_id=job_id)["failed"] == 1


def test_the_job_is_queued_on_commit(django_capture_on_commit_callbacks, celery_eager):
    candidate = candidate_with_application()

    with django_capture_on_commit_callbacks(execute=True):
        job_id = screening_job_start(candidate_ids=[str(candidate.pk)])

    assert screening_job_get(job_id=job_id)["status"] == JobStatus.FINISHED


def test_a_broker_outage_marks_the_job_as_not_queued(django_capture_on_commit_callbacks, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(analyze_candidates, "delay", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        job_id = screening_job_start(candidate_ids=["x"])

    job = screening_job_get(job_id=job_id)
    assert job["status"] == JobStatus.ERROR
    assert "could not be queued" in job["message"]


def test_an_empty_or_oversized_job_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        screening_job_start(candidate_ids=[])
    with pytest.raises(ValueError, match="At most"):
        screening_job_start(candidate_ids=["x"] * 10_001)


def test_updating_an_unknown_job_does_nothing():
    assert screening_job_update(job_id="unknown", done=1) is None
