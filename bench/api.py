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
import json
import re
import sys
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import django_setup, median_ms, raw_replay, seed_candidates

# INTEGRATION_RPS: measure the limiter's cost, not its refusals.
django_setup(INTEGRATION_RPS="100000")

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


def raw_baseline(statements: list[str]) -> Callable[[], bytes]:
    replay = raw_replay(
        statements,
        lambda cursor: [
            dict(zip([c.name for c in cursor.description], row, strict=True)) for row in cursor.fetchall()
        ],
    )

    def run() -> bytes:
        results = replay()
        return json.dumps(results if len(results) > 1 else results[0], default=json_default).encode()

    return run


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

    total = seed_candidates(args.candidates)
    raw_key = api_key_create(name="bench")[1]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}
    client = Client(HTTP_HOST="127.0.0.1")
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
        baseline = raw_baseline(captured_sql(client, path, headers))
        raw_ms = median_ms(baseline, repeat)
        size = len(body(client.get(path, **headers)))
        print(f"{label:36} {api_ms:9.2f} {raw_ms:9.2f} {api_ms / raw_ms:6.2f}x {size:10d}")


if __name__ == "__main__":
    main()
