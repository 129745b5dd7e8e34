"""gunicorn hooks (`--config python:recruitment.gunicorn`): Prometheus multiprocess mode.

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
