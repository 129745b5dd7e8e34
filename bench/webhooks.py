"""Webhook delivery speed: a real Celery worker on Redis, PostgreSQL and a local receiver.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recruitment REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python bench/webhooks.py [--events 2000] [--pool threads --concurrency 8] [--rate 100]

It creates a throwaway database next to DATABASE_URL's (`<name>_bench_webhooks`) and drops it at the
end. Three runs over the same receiver (a separate process, HTTP/1.1 keep-alive):

* baseline: the same signed POSTs sent by a plain loop over one requests.Session;
* burst: N status changes committed in one transaction, queued at once (N / WEBHOOK_BATCH_SIZE
  tasks); deliveries per second from that commit to the last receipt, and commit-to-receipt
  latency (which then is mostly the time an event waits in the queue behind the others);
* paced: N status changes at --rate per second (below capacity): commit-to-receipt latency of a
  system that keeps up, the number that matters for "p50 under 50 ms", and the share of events
  received within 2 s of their commit (one status change, one webhook, within two seconds);
* broker down: status changes committed while the broker is unreachable: how long a commit takes
  when queueing its task fails (it must not hang the request), then the sweeper sends them.
"""

import argparse
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ROOT, QuietHandler, django_setup, free_port, percentile, quiet_server


def _receiver(port_out: "multiprocessing.connection.Connection") -> None:
    received: list[tuple[str, float]] = []
    lock = threading.Lock()

    class Handler(QuietHandler):
        def do_POST(self) -> None:
            at = time.time()
            data = json.loads(self.body())
            with lock:
                received.append((data["requestBody"]["candidate_id"], at))
            self.reply(b"ok")

        def do_GET(self) -> None:  # /stats: everything received since the last call
            with lock:
                body = json.dumps(received).encode()
                received.clear()
            self.reply(body)

    server = quiet_server(Handler)
    port_out.send(server.server_address[1])
    server.serve_forever()


def _bench_database_url(url: str) -> tuple[str, str, str]:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/") + "_bench_webhooks"
    admin = urlunparse(parsed._replace(path="/postgres"))
    return urlunparse(parsed._replace(path="/" + name)), admin, name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2000)
    # The defaults are the worker of docker-compose.yml (prefork, 4 processes).
    parser.add_argument("--pool", default="prefork", choices=["prefork", "threads", "solo"])
    parser.add_argument("--concurrency", type=int, default=4, help="worker processes or threads")
    parser.add_argument("--worker-log", default="", help="file for the worker's INFO log (timings)")
    parser.add_argument("--rate", type=float, default=20, help="events per second in the paced run")
    args = parser.parse_args()

    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        sys.exit("Set DATABASE_URL=postgres://... and REDIS_URL=redis://... (the benchmark needs both).")

    parent, child = multiprocessing.get_context("fork").Pipe()
    receiver = multiprocessing.get_context("fork").Process(target=_receiver, args=(child,), daemon=True)
    receiver.start()
    receiver_url = f"http://127.0.0.1:{parent.recv()}/hook"

    import psycopg

    bench_url, admin_url, bench_name = _bench_database_url(database_url)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{bench_name}"')
        admin.execute(f'CREATE DATABASE "{bench_name}"')
    os.environ.update(
        DATABASE_URL=bench_url,
        ONEF_WEBHOOK_URL=receiver_url,
        ONEF_WEBHOOK_SECRET="whsec_" + "YmVuY2htYXJrLXNlY3JldC1iZW5jaG1hcmstc2VjcmV0",
    )
    worker = None
    try:
        django_setup()  # the worker (a child process) inherits this environment
        import redis
        import requests
        from django.core.management import call_command
        from django.db import transaction

        call_command("migrate", verbosity=0)
        redis.Redis.from_url(redis_url).delete("celery", "unacked", "unacked_index")
        worker = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "recruitment", "worker", "-P", args.pool),
                *("-c", str(args.concurrency), "-l", "INFO" if args.worker_log else "WARNING"),
                *("--without-mingle", "--without-gossip"),
            ],
            cwd=ROOT,
            env=os.environ.copy(),
            start_new_session=True,
            stdout=open(args.worker_log, "wb") if args.worker_log else None,  # noqa: SIM115
            stderr=subprocess.STDOUT if args.worker_log else None,
        )
        time.sleep(5)  # let the worker connect

        from candidates.models import Candidate
        from candidates.services import candidate_status_change
        from webhooks import services

        def stats() -> list[tuple[str, float]]:
            return requests.get(receiver_url, timeout=10).json()

        def wait_for(count: int, timeout: float) -> list[tuple[str, float]]:
            got: list[tuple[str, float]] = []
            deadline = time.time() + timeout
            while len(got) < count and time.time() < deadline:
                time.sleep(0.2)
                got += stats()
            return got

        def candidates(n: int) -> list[Candidate]:
            return Candidate.objects.bulk_create([Candidate(name=f"Bench {i}") for i in range(n)])

        def measure(start: float, committed: dict[str, float], n: int) -> dict:
            got = wait_for(n, 600)
            latencies = [(at - committed[cid]) * 1000 for cid, at in got if cid in committed]
            return {
                "received": len(got),
                "per_second": len(got) / (max(at for _, at in got) - start),
                "p50_ms": percentile(latencies, 50),
                "p95_ms": percentile(latencies, 95),
                "within_2s": sum(latency <= 2000 for latency in latencies) / n,
            }

        def burst(n: int) -> dict:
            """N changes committed at once: the queue fills, the workers drain it."""
            people = candidates(n)
            moment: list[float] = []
            with transaction.atomic():
                transaction.on_commit(lambda: moment.append(time.time()))
                for person in people:
                    candidate_status_change(candidate=person, status="reviewing")
            return measure(moment[0], dict.fromkeys((str(p.id) for p in people), moment[0]), n)

        def paced(n: int, rate: float) -> dict:
            """N changes, one transaction each, at a steady rate the system keeps up with."""
            people = candidates(n)
            committed: dict[str, float] = {}
            start = time.time()
            for index, person in enumerate(people):
                time.sleep(max(0.0, start + index / rate - time.time()))
                with transaction.atomic():
                    # Runs first at commit, before the callback that queues the delivery task.
                    transaction.on_commit(lambda key=str(person.id): committed.__setitem__(key, time.time()))
                    candidate_status_change(candidate=person, status="reviewing")
            return measure(start, committed, n)

        def broker_down(n: int) -> dict:
            """N changes committed with the broker unreachable; then the sweeper queues them."""
            from recruitment.celery import app as celery_app

            def point_broker_at(url: str) -> None:
                celery_app.conf.broker_url = url
                celery_app._pool = None  # drop the cached pools so the next publish connects anew
                celery_app.amqp._producer_pool = None

            people = candidates(n)
            real_broker, commit_ms = celery_app.conf.broker_url, []
            point_broker_at(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
            try:
                for person in people:
                    started = time.perf_counter()
                    candidate_status_change(candidate=person, status="interview")
                    commit_ms.append((time.perf_counter() - started) * 1000)
            finally:
                point_broker_at(real_broker)
            while services.deliveries_sweep(grace_seconds=0):
                pass
            return {
                "commit_p50_ms": percentile(commit_ms, 50),
                "commit_max_ms": max(commit_ms),
                "received": len(wait_for(n, 120)),
            }

        # Baseline: the same signed POSTs through one Session, no database, no broker.
        from webhooks import payloads
        from webhooks.models import Endpoint, Event

        endpoint = Endpoint(url=receiver_url, secret=os.environ["ONEF_WEBHOOK_SECRET"])
        events = [
            Event(
                event_type="candidate_status_changed",
                payload=payloads.candidate_status_changed(person, "reviewing"),
            )
            for person in Candidate.objects.bulk_create(
                [Candidate(name=f"Base {i}") for i in range(args.events)]
            )
        ]
        session = requests.Session()
        start = time.time()
        for event in events:
            headers, body = services.signed_request(endpoint=endpoint, event=event)
            session.post(receiver_url, data=body, headers=headers, timeout=(3, 10)).raise_for_status()
        baseline = len(events) / (time.time() - start)
        stats()

        burst_result = burst(args.events)
        paced_result = paced(args.events, args.rate)
        down_events = min(args.events, 50)
        down_result = broker_down(down_events)
        print(f"events={args.events} worker=-P {args.pool} -c {args.concurrency} rate(paced)={args.rate}/s")
        print(f"baseline plain loop (requests.Session): {baseline:.0f} POST/s")
        for name, result in (("burst", burst_result), ("paced", paced_result)):
            print(
                f"{name}: received {result['received']}, {result['per_second']:.0f} deliveries/s "
                f"({result['per_second'] / baseline:.0%} of baseline), "
                f"commit->receipt p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
                f"{result['within_2s']:.0%} within 2 s"
            )
        print(
            f"broker down: {down_events} commits, p50 {down_result['commit_p50_ms']:.1f} ms, "
            f"max {down_result['commit_max_ms']:.1f} ms; swept and received {down_result['received']}"
        )
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        receiver.kill()
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
