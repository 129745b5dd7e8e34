"""gunicorn hooks (`--config python:recruitment.gunicorn`): Prometheus multiprocess mode, and a
master that has loaded everything a worker needs before it forks them (GUNICORN_PRELOAD).

With PROMETHEUS_MULTIPROC_DIR set, every worker writes its counters to files in that folder and
/metrics sums them. The folder is emptied when the server starts (stale files would add old counts)
and a dead worker's live gauges are dropped.
"""

import os
import shutil


def on_starting(server) -> None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess  # needs PROMETHEUS_MULTIPROC_DIR set first

        multiprocess.mark_process_dead(worker.pid)


def when_ready(server) -> None:
    """With the project preloaded: import every view now, so that a worker forked later (a new one
    after GUNICORN_MAX_REQUESTS) starts with them; then close what a fork must not share."""
    if not server.cfg.preload_app:
        return
    from django.core.cache import caches
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and, through it, the views)
    connections.close_all()
    for cache in caches.all(initialized_only=True):
        cache.close()
