"""Streamed lists work through a real PgBouncer in transaction mode (DATABASE_POOLER=
pgbouncer-transaction): the test starts Debian's `pgbouncer` on a free port in front of the test
database and asks a Django process connected through it for the streamed candidate list; the bytes
are those the list gives on a direct connection, and no server-side cursor was declared.
Skipped without PostgreSQL or without the pgbouncer program."""

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from onef_api import streaming
from onef_api.services import api_key_create
from tests.factories import CandidateFactory

ROOT = Path(__file__).resolve().parents[2]
PGBOUNCER = shutil.which("pgbouncer") or shutil.which("pgbouncer", path="/usr/sbin")
CONFIG = """[databases]
* = host={host} port={port} user={user}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = any
pool_mode = transaction
default_pool_size = 2
ignore_startup_parameters = extra_float_digits,options
"""
# Run through PgBouncer: reads the unpaged list (streamed from 5 rows, chunks of 4) and prints its
# total, its sha256 and how many statements declared a server-side cursor.
CLIENT = """
import hashlib, os, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from onef_api import streaming
streaming.STREAM_MIN_ROWS, streaming.CHUNK_ROWS = 5, 4
headers = {"HTTP_AUTHORIZATION": "Bearer " + sys.argv[1]}
with CaptureQueriesContext(connection) as queries:
    response = Client(HTTP_HOST="127.0.0.1").get("/api/onef/candidates?ordering=fullname", **headers)
    body = b"".join(response.streaming_content)
declared = sum("DECLARE" in query["sql"].upper() for query in queries)
print(response.status_code, response["X-Total-Count"], hashlib.sha256(body).hexdigest(), declared)
"""

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PgBouncer pools PostgreSQL"),
    pytest.mark.skipif(PGBOUNCER is None, reason="no pgbouncer program (Debian package pgbouncer)"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def pgbouncer():
    """A PgBouncer in transaction mode in front of the test database's server; its port."""
    database = settings.DATABASES["default"]
    port = free_port()
    folder = tempfile.mkdtemp(prefix="pgbouncer-")
    os.chmod(folder, 0o755)  # started as root, it drops to the postgres user, which must read it
    config = Path(folder, "pgbouncer.ini")
    user = database["USER"] or "postgres"
    host, server_port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    config.write_text(CONFIG.format(host=host, port=server_port, user=user, listen=port))
    config.chmod(0o644)
    as_user = ["-u", "postgres"] if os.geteuid() == 0 else []
    process = subprocess.Popen([PGBOUNCER, *as_user, str(config)], stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        else:
            pytest.fail(f"pgbouncer did not start: {process.stderr.read1().decode()}")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def through(port: int, key: str) -> list[str]:
    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER'] or 'postgres'}@127.0.0.1:{port}/{database['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DATABASE_POOLER": "pgbouncer-transaction",
        "DJANGO_SETTINGS_MODULE": "recruitment.test_settings",
        "ONEF_API_AUTH": "required",
        "INTEGRATION_RPS": "100000",
        "LOG_LEVEL": "error",
    }
    env.pop("DATABASE_DIRECT_URL", None)
    output = subprocess.run(
        [sys.executable, "-c", CLIENT, key], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert output.returncode == 0, output.stderr[-3000:]
    return output.stdout.split()


@pytest.mark.django_db(transaction=True)
def test_the_streamed_list_through_pgbouncer_in_transaction_mode_has_the_direct_bytes(
    pgbouncer, monkeypatch, settings
):
    for n in range(13):
        CandidateFactory(fullname=["Анна", "anna", "Zoë", ""][n % 4])
    key = api_key_create(name="pgbouncer")[1]
    monkeypatch.setattr(streaming, "STREAM_MIN_ROWS", 5)
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 4)
    settings.STREAM_WITH_KEYSET = False  # the server-side cursor, on the direct connection
    client = APIClient()
    direct = client.get("/api/onef/candidates?ordering=fullname", HTTP_AUTHORIZATION=f"Bearer {key}")
    expected = hashlib.sha256(b"".join(direct.streaming_content)).hexdigest()

    status, total, digest, declared = through(pgbouncer, key)

    assert (status, total, digest) == ("200", "13", expected)
    assert declared == "0"
