"""Benchmark of the OneF API against a raw baseline, on PostgreSQL. Not part of the test suite.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_api_bench .venv/bin/python bench/api.py

Seeds the database up to --candidates candidates (`seed_demo --candidates`), then times, in one
run, GET /candidates (all rows), one page of 100, GET /candidates/{id} and GET /dashboard through
the whole Django stack (middleware, key authentication, rate limiter, rendering; no network), each
against a baseline that replays the same SQL with raw psycopg and encodes the rows with stdlib json.
Prints medians and ratios.
"""

import argparse
import datetime as dt
import io
import json
import os
import re
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment.settings")
os.environ.setdefault("INTEGRATION_RPS", "100000")  # measure the limiter's cost, not its refusals
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")  # DEBUG stays off, as in production

import django

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from candidates.models import Candidate  # noqa: E402
from onef_api.models import ApiKey  # noqa: E402
from onef_api.services import api_key_create  # noqa: E402


def json_default(value):
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date | uuid.UUID):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value))


def body(response) -> bytes:
    """The whole body, streamed (a long unpaged list) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up: connections, caches, imports
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def captured_sql(client: Client, path: str, headers: dict) -> list[str]:
    """The SQL the endpoint runs for its data (the API key lookup is the API's own overhead)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
        body(response)  # a streamed list runs its query while it is read
    assert response.status_code == 200, (path, response.status_code, response.content[:200])
    statements = []
    for query in queries.captured_queries:
        sql = query["sql"]
        # A streamed list reads through a server-side cursor: replay its SELECT as one query.
        declared = re.match(r"DECLARE .*? CURSOR .*?FOR (SELECT .*)", sql, re.S)
        sql = declared.group(1) if declared else sql
        if sql.lstrip().upper().startswith("SELECT") and ApiKey._meta.db_table not in sql:
            statements.append(sql)
    return statements


def raw_baseline(dsn: str, statements: list[str]) -> Callable[[], bytes]:
    raw = psycopg.connect(dsn, autocommit=True)

    def run() -> bytes:
        results = []
        with raw.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is None:  # no rows (the cursor bookkeeping of a streamed list)
                    continue
                names = [column.name for column in cursor.description]
                results.append([dict(zip(names, row, strict=True)) for row in cursor.fetchall()])
        return json.dumps(results if len(results) > 1 else results[0], default=json_default).encode()

    return run


def dsn_of_default_database() -> str:
    db = settings.DATABASES["default"]
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=str(db.get("PORT") or "") or None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--only", action="append", choices=["list", "page", "detail", "dashboard"], help="Measure only these."
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL: set DATABASE_URL (e.g. postgres://.../wt_api_bench).")

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    missing = args.candidates - Candidate.objects.count()
    if missing > 0:
        call_command("seed_demo", candidates=missing, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = Candidate.objects.count()
    raw_key = api_key_create(name="bench")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}
    client = Client(HTTP_HOST="127.0.0.1")
    dsn = dsn_of_default_database()
    some_id = Candidate.objects.order_by("-created_at").values_list("id", flat=True)[total // 2]

    cases = [
        ("list", "GET /candidates (all)", "/api/onef/candidates", max(args.repeat // 3, 5)),
        (
            "page",
            "GET /candidates?page=2&limit=100",
            "/api/onef/candidates?page=2&limit=100",
            args.repeat * 4,
        ),
        ("detail", "GET /candidates/{id}", f"/api/onef/candidates/{some_id}", args.repeat * 4),
        ("dashboard", "GET /dashboard", "/api/onef/dashboard", args.repeat * 2),
    ]
    print(f"PostgreSQL {connection.pg_version}, {total} candidates, median of the runs, Django test client")
    print(f"{'endpoint':36} {'API ms':>9} {'raw ms':>9} {'ratio':>7} {'bytes':>10}")
    for name, label, path, repeat in cases:
        if args.only and name not in args.only:
            continue
        api_ms = median_ms(lambda path=path: body(client.get(path, **headers)), repeat)
        baseline = raw_baseline(dsn, captured_sql(client, path, headers))
        raw_ms = median_ms(baseline, repeat)
        size = len(body(client.get(path, **headers)))
        print(f"{label:36} {api_ms:9.2f} {raw_ms:9.2f} {api_ms / raw_ms:6.2f}x {size:10d}")


if __name__ == "__main__":
    main()
