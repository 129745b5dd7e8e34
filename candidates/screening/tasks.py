"""The AI screening's Celery tasks: a new application, an application with a new CV, a bulk job.

They keep the names they had as `candidates.tasks` (found there by Celery's autodiscovery), so that
tasks queued before an upgrade still run after it.
"""

import logging
import time

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from candidates.models import Application, Candidate
from candidates.screening.job_progress import JobStatus, screening_job_update
from candidates.screening.services import application_screen, candidate_analyze

logger = logging.getLogger(__name__)


def _screen(application_id: int, *, first_time_only: bool) -> None:
    application = Application.objects.select_related("candidate", "vacancy").filter(pk=application_id).first()
    if application is None or (first_time_only and application.screened_at is not None):
        return
    application_screen(application=application)


@shared_task(name="candidates.tasks.screen_application", acks_late=True)
def screen_application(application_id: int) -> None:
    _screen(application_id, first_time_only=True)


@shared_task(name="candidates.tasks.screen_application_again", acks_late=True)
def screen_application_again(application_id: int) -> None:
    """After the candidate sent a new CV: analyse the application again (announced only the first time)."""
    _screen(application_id, first_time_only=False)


def _chunk_budget_seconds() -> float:
    # Leave room for one more analysis (a model call and its retry) inside the soft time limit.
    return max(1.0, settings.CELERY_TASK_SOFT_TIME_LIMIT - 3 * settings.AI_TIMEOUT_SECONDS)


@shared_task(name="candidates.tasks.analyze_candidates", acks_late=True)
def analyze_candidates(job_id: str, candidate_ids: list[str], start: int = 0) -> None:
    """Re-analyse candidates in order, recording progress; long jobs continue in a follow-up task."""
    deadline = time.monotonic() + _chunk_budget_seconds()
    screening_job_update(job_id=job_id, status=JobStatus.RUNNING, done=start)
    for index in range(start, len(candidate_ids)):
        if index > start and time.monotonic() > deadline:
            analyze_candidates.delay(job_id, candidate_ids, index)
            return
        try:
            failure = _analyze_one(candidate_ids[index])
        except SoftTimeLimitExceeded:
            analyze_candidates.delay(job_id, candidate_ids, index)
            return
        screening_job_update(job_id=job_id, done=index + 1, failure=failure)
    screening_job_update(job_id=job_id, status=JobStatus.FINISHED, done=len(candidate_ids))


def _analyze_one(candidate_id: str) -> dict | None:
    """Analyse one candidate; returns a failure record when no rating came out of it."""
    candidate = Candidate.objects.filter(pk=candidate_id).first()
    if candidate is None:
        return {"id": str(candidate_id), "name": "", "reason": "the candidate no longer exists"}
    try:
        analysis = candidate_analyze(candidate=candidate)
    except SoftTimeLimitExceeded:
        raise
    except Exception:
        logger.exception("AI analysis of candidate %s failed", candidate_id)
        return {"id": str(candidate_id), "name": str(candidate), "reason": "internal error"}
    if analysis.rating is None:
        return {"id": str(candidate_id), "name": str(candidate), "reason": analysis.comment[:300]}
    return None
