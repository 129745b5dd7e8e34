"""The bulk job end to end: queued on commit, run by a real Celery worker over Redis."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from candidates.models import Candidate
from candidates.screening.job_progress import JobStatus, screening_job_get
from candidates.screening.jobs import screening_job_start
from recruitment.celery import app
from tests.candidates.screening.cv_files import attach_cv
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_worker_runs_the_job_and_the_progress_reaches_the_end(
    redis_url, django_capture_on_commit_callbacks
):
    candidates = []
    for cv in (b"Python developer, Django, PostgreSQL", b""):
        candidate = CandidateFactory()
        if cv:
            attach_cv(candidate, cv, "cv.txt")
        ApplicationFactory(candidate=candidate)
        candidates.append(candidate)

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        job_id = screening_job_start(candidate_ids=[str(candidate.pk) for candidate in candidates])
        deadline = time.monotonic() + 30
        while (
            screening_job_get(job_id=job_id)["status"] != JobStatus.FINISHED and time.monotonic() < deadline
        ):
            time.sleep(0.2)

    job = screening_job_get(job_id=job_id)
    assert (job["status"], job["total"], job["done"], job["failed"]) == (JobStatus.FINISHED, 2, 2, 1)
    assert Candidate.objects.get(pk=candidates[0].pk).ai_rating is not None
