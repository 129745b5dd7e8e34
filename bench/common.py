"""What the benchmark scripts share: Django set-up, timing, the seeded database, the raw psycopg
baseline and a quiet keep-alive HTTP receiver. Not part of the test suite.

A script puts the project's root on sys.path, imports this module as `bench.common`, and calls
`django_setup` before importing the project's models. (`bench/api_http.py` runs code in other trees,
where it imports this module as `common` from this checkout's bench/ on PYTHONPATH.)
"""

import io
import os
import socket
import statistics
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def django_setup(**environment: str) -> None:
    """Django with the project's settings, DEBUG off as in production; `environment` are defaults
    for the variables the benchmark needs (a value in the caller's environment wins)."""
    defaults = {"DJANGO_SETTINGS_MODULE": "recruitment.settings", "SECRET_KEY": "bench-only-not-a-secret"}
    for name, value in {**defaults, **environment}.items():
        os.environ[name] = os.environ.get(name) or value
    import django  # after the environment: django.setup reads the settings

    django.setup()


def timings_ms(run: Callable[[], object], repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up: connections, caches, imports
    return statistics.median(timings_ms(run, repeat))


def percentile(values: list[float], q: int) -> float:
    """The q-th percentile (1 to 99) of `values`, inclusive method; the value itself when alone."""
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (just now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed_candidates(total: int) -> int:
    """Migrates, loads the demo data, adds bulk candidates up to `total`, ANALYZEs; the count."""
    from candidates.models import Candidate  # models load once Django is set up

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    missing = total - Candidate.objects.count()
    if missing > 0:
        call_command("seed_demo", candidates=missing, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Candidate.objects.count()


def dsn_of_default_database() -> str:
    db = settings.DATABASES["default"]
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=str(db.get("PORT") or "") or None,
    )


def raw_replay(statements: list[str], read: Callable[[Any], object]) -> Callable[[], list]:
    """The baseline: `statements` replayed on a raw psycopg connection to the default database,
    `read` applied to the cursor of each statement that returns rows."""
    raw = psycopg.connect(dsn_of_default_database(), autocommit=True)

    def run() -> list:
        results = []
        with raw.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is not None:  # no rows (e.g. a server-side cursor's bookkeeping)
                    results.append(read(cursor))
        return results

    return run


class QuietHandler(BaseHTTPRequestHandler):
    """A receiver's handler: HTTP/1.1 keep-alive, no Nagle delay, no access log."""

    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out as two writes: without this, Nagle meets delayed ACKs (40 ms).
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args) -> None:
        pass

    def body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def reply(self, body: bytes = b"") -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def quiet_server(handler: type[QuietHandler]) -> ThreadingHTTPServer:
    """A threaded server of `handler` on a free port of 127.0.0.1 (server_address[1])."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    return server


def serve_in_thread(handler: type[QuietHandler]) -> int:
    """Serves `handler` from a daemon thread of this process; its port."""
    server = quiet_server(handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]
