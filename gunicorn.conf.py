"""gunicorn's configuration (`gunicorn recruitment.wsgi:application --config gunicorn.conf.py`;
the Dockerfile and docker-compose.yml use it). Environment variables override the defaults:

- WEB_CONCURRENCY: worker processes; default 2 x usable cores + 1 (sync workers wait on the
  database and Redis about half of the time, so two per core keep the cores busy).
- GUNICORN_BIND: default 0.0.0.0:8000.
- GUNICORN_TIMEOUT: seconds a worker may spend on one request before it is restarted (default 30;
  the unpaged list of 100,000 candidates streams in about 2 s).
- GUNICORN_MAX_REQUESTS: a worker is replaced after this many requests (default 20000, plus a random
  0-10 % so that the workers do not restart together), which bounds slow memory growth. It was
  2000: at a thousand API requests a second that replaced each worker every two seconds.
- GUNICORN_PRELOAD: `true` (the default) loads the project once in the master, which forks the
  workers from it. Without it each new worker imports Django and the project again (about a second
  of CPU): under load a worker is replaced every few seconds, and that import took a third of the
  server's time (docs/performance.md, "Workers replaced cheaply"). `false` for a server that must
  reload the code on HUP.

The Prometheus multiprocess hooks live in recruitment/gunicorn.py.
"""

import os

# gunicorn reads the hooks by name.
from recruitment.gunicorn import child_exit, on_starting, when_ready  # noqa: F401


def _int(name: str, default: int, minimum: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}.") from None
    if value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}, got {value}.")
    return value


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in ("true", "false"):
        raise SystemExit(f"{name} must be true or false, got {raw!r}.")
    return raw == "true"


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this container may use
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = _int("WEB_CONCURRENCY", 2 * usable_cores() + 1, minimum=1)
worker_class = "sync"
timeout = _int("GUNICORN_TIMEOUT", 30, minimum=1)
graceful_timeout = timeout
keepalive = 5  # behind a proxy that keeps connections open
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000, minimum=0)
max_requests_jitter = max_requests // 10
preload_app = _bool("GUNICORN_PRELOAD", True)
# The heartbeat file of each worker lives in memory, not on a container's (possibly slow) disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = None  # the application logs each request itself (recruitment.access)
