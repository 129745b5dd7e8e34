"""gunicorn with the project's configuration, preloaded (the default): workers forked from a master that
holds no database or Redis connection, replaced after GUNICORN_MAX_REQUESTS, each answering with its
own connections."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(tmp_path: Path) -> str:
    """The test run's PostgreSQL database, or an SQLite file (the run's own SQLite lives in memory)."""
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path / 'gunicorn.sqlite3'}"
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise AssertionError(f"gunicorn stopped: {server.stderr.read()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


def readiness(port: int) -> dict:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:  # 503 when the broker is not there: the body still says
        return json.loads(error.read())


@pytest.mark.django_db  # the test database exists (its name is in the connection's settings)
def test_preloaded_workers_are_replaced_and_each_reads_the_database_through_its_own_connection(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recruitment.test_settings",
        "DATABASE_URL": database_url(tmp_path),
        "DATABASE_POOLER": "none",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_MAX_REQUESTS": "3",  # jitter 0: every worker is replaced after 3 requests
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    env.pop("GUNICORN_PRELOAD", None)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "recruitment.wsgi:application",
        "--config",
        "gunicorn.conf.py",
    ]
    server = subprocess.Popen(
        [*command, "--log-level", "info"], cwd=PROJECT_DIR, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(port, server)
        databases = [readiness(port)["checks"]["database"]["status"] for _ in range(15)]
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[1]
    assert databases == ["up"] * 15
    assert "Autorestarting worker after current request" in log
    booted = re.findall(r"Booting worker with pid", log)
    assert len(booted) >= 15 // 3, log  # a worker answers 3 requests at most
    assert "Traceback" not in log, log
