"""Bulk re-analysis jobs: HR picks candidates, one Celery task analyses them in order and records its
progress (candidates/screening/job_progress.py) for the progress page."""

import logging
import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from candidates.screening.job_progress import JobStatus, screening_job_create, screening_job_update
from candidates.screening.tasks import analyze_candidates

logger = logging.getLogger(__name__)

MAX_CANDIDATES_PER_JOB = 10_000


def screening_job_start(*, candidate_ids: list[str], user_id: int | None = None) -> str:
    """Create the job and queue its task once the surrounding transaction commits."""
    if not candidate_ids:
        raise ValueError(_("A screening job needs at least one candidate."))
    if len(candidate_ids) > MAX_CANDIDATES_PER_JOB:
        raise ValueError(
            _("At most %(count)d candidates can be analysed in one job.") % {"count": MAX_CANDIDATES_PER_JOB}
        )
    job_id = uuid.uuid4().hex
    screening_job_create(job_id=job_id, total=len(candidate_ids), user_id=user_id)
    transaction.on_commit(lambda: _enqueue(job_id, candidate_ids), robust=True)
    return job_id


def _enqueue(job_id: str, candidate_ids: list[str]) -> None:
    try:
        analyze_candidates.delay(job_id, candidate_ids)
    except Exception:
        # The broker is down: say so on the progress page rather than showing "queued" forever.
        logger.exception("Could not queue screening job %s", job_id)
        screening_job_update(
            job_id=job_id, status=JobStatus.ERROR, message="The job could not be queued; try again later."
        )
