"""Load test of the whole system: seeds, starts the processes, runs bench/locustfile.py, reports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/load REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/load_system.py --steps 50,200,400 --seconds 60

Everything is local: gunicorn (gunicorn.conf.py, --web-workers sync workers) and one Celery worker
(prefork, --worker-concurrency) of this checkout, the tests' fake Telegram Bot API
(tests/fake_telegram.py) that the bot answers through, and a receiver of the OneF webhooks; the
bot runs in webhook mode (TELEGRAM_MODE=webhook): Locust posts Telegram's updates to
/telegram/webhook/ with the secret. Each step runs Locust headless for --seconds with that many
candidates (plus 5 integrators, 2 HR managers and 4 Telegram chats), then waits up to --drain
seconds for the workers to finish, and counts what was lost: Telegram updates answered 200 but not
handled, and webhook deliveries not delivered. Prints p50/p95/p99, requests and errors per
endpoint (429s apart) and writes Locust's CSVs under var/load/.
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ROOT, QuietHandler, django_setup, free_port, serve_in_thread
from tests.fake_telegram import TOKEN, FakeTelegram, start_server

OUT = ROOT / "var" / "load"
SECRET = "load-test-webhook-secret"
webhooks_received: set[str] = set()
lock = threading.Lock()


class Receiver(QuietHandler):
    def do_POST(self) -> None:
        payload = json.loads(self.body() or b"{}")
        self.reply()
        with lock:
            webhooks_received.add(
                str(payload.get("event_id") or payload.get("requestBody", {}).get("event_id"))
            )


def environment(fake: FakeTelegram) -> None:
    os.environ.update(
        TELEGRAM_MODE="webhook",
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake.base_url,
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        TELEGRAM_WEBHOOK_URL="https://127.0.0.1:8443/telegram/webhook/",
        ONEF_WEBHOOK_URL=f"http://127.0.0.1:{serve_in_thread(Receiver)}/onef",
        ONEF_WEBHOOK_SECRET="load-test-signing-secret",
        WEBHOOK_RETRY_SCHEDULE="1,2,5",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "warning"),
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-not-a-secret"),
    )


def seed(candidates: int) -> dict:
    """Demo data, `candidates` invited to a demo test, 5 API keys, an HR manager: the plan."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from backoffice.permissions import hr_manager_group_sync
    from bench.common import seed_candidates
    from candidates.models import Application, Candidate
    from onef_api.services import api_key_create
    from tests_app.models import Attempt, AttemptStatus, Test
    from tests_app.services.attempts import attempt_invite

    seed_candidates(max(candidates + 500, 1000))
    test = Test.objects.filter(is_active=True, questions__choices__isnull=False).distinct().first()
    fresh = Attempt.objects.filter(status=AttemptStatus.PENDING, test=test, expires_at__gt=timezone.now())
    for candidate in Candidate.objects.exclude(attempts__test=test)[: max(0, candidates - fresh.count())]:
        attempt_invite(candidate=candidate, test=test, notify=False)
    questions = [
        {"id": q.pk, "choices": [c.pk for c in q.choices.all()]}
        for q in test.questions.prefetch_related("choices")
    ]
    hr, _ = get_user_model().objects.get_or_create(username="load.hr", defaults={"is_staff": True})
    hr.set_password("load-test-password")
    hr.save()
    hr.groups.add(hr_manager_group_sync())
    return {
        "api_keys": [api_key_create(name=f"load {n}")[1] for n in range(5)],
        "candidate_ids": [str(pk) for pk in Candidate.objects.values_list("pk", flat=True)[:500]],
        "attempts": [{"token": a.token, "questions": questions} for a in fresh[:candidates]],
        "hr": {"username": "load.hr", "password": "load-test-password"},
        "vacancy_id": Application.objects.values_list("vacancy_id", flat=True).first(),
        "telegram": {"secret": SECRET, "first_chat": 5_100_000_000, "first_update": int(time.time()) * 1000},
    }


def start(args, port: int) -> list[subprocess.Popen]:
    env = {**os.environ, "WEB_CONCURRENCY": str(args.web_workers), "GUNICORN_BIND": f"127.0.0.1:{port}"}
    web = [sys.executable, "-m", "gunicorn", "recruitment.wsgi:application", "--config", "gunicorn.conf.py"]
    worker = [sys.executable, "-m", "celery", "-A", "recruitment", "worker", "-l", "warning"]
    worker += [
        "-P",
        args.worker_pool,
        "-c",
        str(args.worker_concurrency),
        "--without-gossip",
        "--without-mingle",
    ]
    return [subprocess.Popen(command, cwd=ROOT, env=env) for command in (web, worker)]


def locust(args, users: int, port: int, plan: Path, step: str, first: int) -> Path:
    prefix = OUT / step
    sent = OUT / f"{step}-telegram-sent.json"
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"]
    command += ["-u", str(users + 11), "-r", str(args.spawn_rate), "--run-time", f"{args.seconds}s"]
    command += [
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "5",
        # The statistics start once every user runs: the test page's target is for 200 candidates
        # taking tests, not 200 opening the page in the same seconds (the spawn rate sets the ramp).
        "--reset-stats",
    ]
    env = {**os.environ, "LOAD_PLAN": str(plan), "TELEGRAM_SENT": str(sent), "LOAD_FIRST_ATTEMPT": str(first)}
    subprocess.run(command, cwd=ROOT, env=env, check=False, timeout=args.seconds + 120)
    return sent


def lost(sent_file: Path, since, drain: int) -> tuple[int, int, int, int]:
    """(updates sent, updates not handled, deliveries, deliveries not delivered) after the drain."""
    from messaging.models import TelegramUpdate
    from webhooks.models import Delivery, DeliveryStatus

    sent = json.loads(sent_file.read_text()) if sent_file.exists() else []
    deadline = time.monotonic() + drain
    while True:
        handled = TelegramUpdate.objects.filter(update_id__in=sent, handled_at__isnull=False).count()
        deliveries = Delivery.objects.filter(created_at__gte=since)
        waiting = deliveries.exclude(status=DeliveryStatus.DELIVERED).count()
        if (handled == len(sent) and waiting == 0) or time.monotonic() > deadline:
            return len(sent), len(sent) - handled, deliveries.count(), waiting
        time.sleep(2)


def report(step: str, users: int, losses: tuple[int, int, int, int], load: float) -> None:
    failures: dict[str, list[int]] = {}
    answered = 0.0
    with open(OUT / f"{step}_failures.csv") as rows:
        for row in csv.DictReader(rows):
            counts = failures.setdefault(row["Name"], [0, 0])
            counts[0 if "429" in row["Error"] else 1] += int(row["Occurrences"])
    print(f"\n{users} candidates; load average {load:.1f} at the end; Locust CSVs: var/load/{step}_*.csv")
    print("| endpoint | requests | p50 ms | p95 ms | p99 ms | 429 | other errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with open(OUT / f"{step}_stats.csv") as rows:
        for row in csv.DictReader(rows):
            too_many, other = failures.get(row["Name"], [0, 0])
            if row["Name"] == "Aggregated":
                too_many, other = (sum(counts[n] for counts in failures.values()) for n in (0, 1))
            name = "**all**" if row["Name"] == "Aggregated" else row["Name"]
            if row["Name"] == "Aggregated":
                answered = float(row["Requests/s"])
            print(
                f"| {name} | {row['Request Count']} | {row['50%']} | {row['95%']} | {row['99%']} | {too_many} | {other} |"
            )
    print(f"All endpoints together: {answered:.1f} requests/s answered")
    sent, unhandled, deliveries, undelivered = losses
    print(f"Telegram updates answered 200: {sent}, not handled after the drain: {unhandled}")
    print(f"OneF webhook deliveries: {deliveries}, not delivered after the drain: {undelivered}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", default="200", help="comma list of concurrent candidates, one run each")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--drain", type=int, default=90)
    parser.add_argument("--web-workers", type=int, default=5)
    parser.add_argument("--worker-concurrency", type=int, default=4)
    parser.add_argument("--worker-pool", default="prefork", choices=["prefork", "threads"])
    args = parser.parse_args()
    steps = [int(step) for step in args.steps.split(",")]
    fake = FakeTelegram()
    start_server(fake)
    environment(fake)
    django_setup()
    from django.utils import timezone

    OUT.mkdir(parents=True, exist_ok=True)
    plan_file = OUT / "plan.json"
    # Each step takes attempts of its own: an attempt started in one step is held by that step's browser.
    plan_file.write_text(json.dumps(seed(sum(steps))))
    port = free_port()
    children = start(args, port)
    try:
        time.sleep(8)  # gunicorn's workers and the Celery worker start
        for number, users in enumerate(steps):
            step, since = f"step-{users}", timezone.now()
            sent = locust(args, users, port, plan_file, step, first=sum(steps[:number]))
            report(step, users, lost(sent, since, args.drain), os.getloadavg()[0])
    finally:
        for child in children:
            child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(30)
            except (
                subprocess.TimeoutExpired
            ):  # a worker still busy with a backlog: what is left is reported above
                child.kill()


if __name__ == "__main__":
    main()
