"""Bulk re-analysis jobs: their progress lives in the Django cache under a job id.

One Celery task works through the ids in order and is the only writer of a job's state, so the
state needs no locking; `done` is the position reached, which stays right when a chunk is
redelivered after a worker crash.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

JOB_TTL_SECONDS = 24 * 3600
MAX_FAILURES_KEPT = 50
MAX_CANDIDATES_PER_JOB = 10_000


class JobStatus:
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    ERROR = "error"


def _key(job_id: str) -> str:
    return f"candidates:screening-job:{job_id}"


def screening_job_get(*, job_id: str) -> dict | None:
    return cache.get(_key(job_id))


def screening_job_start(*, candidate_ids: list[str], user_id: int | None = None) -> str:
    """Create the job and queue its task once the surrounding transaction commits."""
    if not candidate_ids:
        raise ValueError(_("A screening job needs at least one candidate."))
    if len(candidate_ids) > MAX_CANDIDATES_PER_JOB:
        raise ValueError(
            _("At most %(count)d candidates can be analysed in one job.") % {"count": MAX_CANDIDATES_PER_JOB}
        )
    job_id = uuid.uuid4().hex
    cache.set(
        _key(job_id),
        {
            "id": job_id,
            "status": JobStatus.QUEUED,
            "total": len(candidate_ids),
            "done": 0,
            "failed": 0,
            "failures": [],
            "user_id": user_id,
            "created_at": timezone.now().isoformat(),
            "finished_at": None,
            "message": "",
        },
        JOB_TTL_SECONDS,
    )
    transaction.on_commit(lambda: _enqueue(job_id, candidate_ids), robust=True)
    return job_id


def _enqueue(job_id: str, candidate_ids: list[str]) -> None:
    from candidates.tasks import analyze_candidates  # the task imports this module: break the cycle

    try:
        analyze_candidates.delay(job_id, candidate_ids)
    except Exception:
        # The broker is down: say so on the progress page rather than showing "queued" forever.
        logger.exception("Could not queue screening job %s", job_id)
        screening_job_update(
            job_id=job_id, status=JobStatus.ERROR, message="The job could not be queued; try again later."
        )


def screening_job_update(
    *,
    job_id: str,
    status: str | None = None,
    done: int | None = None,
    failure: dict | None = None,
    message: str | None = None,
) -> dict | None:
    state = cache.get(_key(job_id))
    if state is None:
        return None
    if status is not None:
        state["status"] = status
        if status in (JobStatus.FINISHED, JobStatus.ERROR):
            state["finished_at"] = timezone.now().isoformat()
    if done is not None:
        state["done"] = min(done, state["total"])
    if failure is not None and all(item["id"] != failure["id"] for item in state["failures"]):
        state["failed"] += 1
        if len(state["failures"]) < MAX_FAILURES_KEPT:
            state["failures"].append(failure)
    if message is not None:
        state["message"] = message
    cache.set(_key(job_id), state, JOB_TTL_SECONDS)
    return state
