"""Latency of API requests while Redis is frozen (SIGSTOP). Not part of the test suite.

    .venv/bin/python bench/redis_freeze.py [--requests 40]

Starts a private redis-server on a free port, points the cache at it, and times GET
/api/onef/dictionaries/candidate-statuses (through the rate limiter, which counts in Redis) with
Redis running, then frozen, then continued. Prints median and maximum per phase and how many cache
calls reached the frozen server (the breaker's failures) or were refused without touching it.
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import django_setup, free_port, timings_ms

PORT = free_port()
# The private Redis and an open API, whatever the caller's environment says.
os.environ.update(
    REDIS_URL=f"redis://127.0.0.1:{PORT}/0",
    ONEF_API_AUTH="off",
    INTEGRATION_RPS="100000",
    LOG_LEVEL="error",
    ALLOWED_HOSTS="testserver",
)
django_setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from core.redis_breaker import breaker_for  # noqa: E402


def timed(client: Client, count: int) -> list[float]:
    return timings_ms(lambda: client.get("/api/onef/dictionaries/candidate-statuses"), count)


def report(phase: str, durations: list[float]) -> None:
    print(f"{phase:<28} median {statistics.median(durations):7.1f} ms   max {max(durations):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    count = parser.parse_args().requests
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen(
            ["redis-server", "--port", str(PORT), "--save", "", "--appendonly", "no"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
        )
        try:
            time.sleep(0.5)
            client = Client()
            print(
                f"socket timeout {settings.REDIS_SOCKET_TIMEOUT_MS} ms, breaker {settings.REDIS_BREAKER_SECONDS} s"
            )
            report("Redis running", timed(client, count))
            os.kill(server.pid, signal.SIGSTOP)
            report("Redis frozen", timed(client, count))
            breaker = breaker_for(settings.CACHES["default"]["LOCATION"])
            print(
                f"calls that reached the frozen Redis: {breaker.failures}; refused: {breaker.calls_refused}"
            )
            os.kill(server.pid, signal.SIGCONT)
            time.sleep(settings.REDIS_BREAKER_SECONDS)
            report("Redis continued", timed(client, count))
        finally:
            os.kill(server.pid, signal.SIGCONT)
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
