"""The progress of a bulk re-analysis job, kept in the Django cache under the job's id.

One Celery task works through the ids in order and is the only writer of a job's state once it
runs, so the state needs no locking; `done` is the position reached, which stays right when a chunk
is redelivered after a worker crash. Written by the job's start (candidates/screening/jobs.py) and
its task (candidates/screening/tasks.py), read by the progress page.
"""

from django.core.cache import cache
from django.utils import timezone

JOB_TTL_SECONDS = 24 * 3600
MAX_FAILURES_KEPT = 50


class JobStatus:
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    ERROR = "error"


def _key(job_id: str) -> str:
    return f"candidates:screening-job:{job_id}"


def screening_job_get(*, job_id: str) -> dict | None:
    return cache.get(_key(job_id))


def screening_job_create(*, job_id: str, total: int, user_id: int | None) -> None:
    """A queued job of `total` candidates."""
    state = {
        "id": job_id,
        "status": JobStatus.QUEUED,
        "total": total,
        "done": 0,
        "failed": 0,
        "failures": [],
        "user_id": user_id,
        "created_at": timezone.now().isoformat(),
        "finished_at": None,
        "message": "",
    }
    cache.set(_key(job_id), state, JOB_TTL_SECONDS)


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
