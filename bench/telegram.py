"""Inbound Telegram message -> `new_message` webhook received, end to end. Not part of the tests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h17_tg REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/telegram.py [--messages 60] [--interval 0.25]

A fake Bot API server (the tests' tests/fake_telegram.py) hands the real bot worker
(`manage.py run_telegram_bot`, a separate process, long polling) a text message from a registered
candidate; the bot stores it from its inbox, which emits `new_message` into the outbox; a real
Celery worker (threads) signs it and POSTs it to a local receiver. Measured: from the moment the
update is offered to the bot to the moment the receiver has the webhook, one message at a time.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ROOT, QuietHandler, django_setup, percentile, serve_in_thread
from tests.fake_telegram import TOKEN, FakeTelegram, start_server

received: dict[str, float] = {}
arrived = threading.Condition()


class Receiver(QuietHandler):
    def do_POST(self) -> None:
        body = self.body()
        at = time.monotonic()
        payload = json.loads(body or b"{}").get("requestBody", {})
        self.reply()
        if payload.get("event_type") == "new_message":
            with arrived:
                received[payload.get("text", "")] = at
                arrived.notify_all()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=60)
    parser.add_argument("--interval", type=float, default=0.25, help="pause between messages (s)")
    args = parser.parse_args()

    fake = FakeTelegram()
    fake._next_update_id = int(time.time())  # update ids are unique in the bot's inbox across runs
    start_server(fake)
    os.environ.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake.base_url,
        ONEF_WEBHOOK_URL=f"http://127.0.0.1:{serve_in_thread(Receiver)}/onef",
        ONEF_WEBHOOK_SECRET="",
        LOG_LEVEL="warning",
    )
    django_setup()  # the bot and the worker (child processes) inherit this environment
    from django.core.management import call_command

    from candidates.models import Candidate

    call_command("migrate", verbosity=0)
    user_id = 4_242_000_000 + os.getpid() % 1000
    Candidate.objects.get_or_create(telegram_id=user_id, defaults={"name": "Bench", "language": "en"})
    user = {"id": user_id, "is_bot": False, "first_name": "Bench", "language_code": "en"}

    worker_log = os.environ.get("BENCH_WORKER_LOG_LEVEL", "WARNING")
    worker = ["celery", "-A", "recruitment", "worker", "-P", "threads", "-c", "4", "-l", worker_log]
    children = [
        subprocess.Popen([sys.executable, "manage.py", "run_telegram_bot", "--poll-timeout", "10"], cwd=ROOT),
        subprocess.Popen([sys.executable, "-m", *worker, "--without-gossip", "--without-mingle"], cwd=ROOT),
    ]
    latencies = []
    first_id = int(time.time())  # Telegram message ids are unique per chat: the bot stores each once
    try:
        fake.wait_for(lambda: any(c.method == "getUpdates" for c in fake.calls), timeout=60)
        time.sleep(3)  # the worker connects to the broker
        for n in range(args.messages + 3):  # the first three warm the processes up
            text = f"bench {n} {uuid.uuid4().hex[:8]}"
            message = {"message_id": first_id + n, "date": int(time.time()), "text": text, "from": user}
            message["chat"] = {"id": user_id, "type": "private", "first_name": "Bench"}
            started = time.monotonic()
            fake.push({"message": message})
            with arrived:
                # The first message also waits for the worker to start.
                if not arrived.wait_for(lambda text=text: text in received, timeout=120 if n == 0 else 30):
                    sys.exit(f"no new_message webhook for {text!r} in time")
            if n >= 3:
                latencies.append((received[text] - started) * 1000)
            time.sleep(args.interval)
    finally:
        for child in children:
            child.send_signal(signal.SIGTERM)
        for child in children:
            child.wait(30)
    latencies.sort()
    p95 = percentile(latencies, 95)
    print(f"load average {os.getloadavg()}; {len(latencies)} messages, one at a time")
    print(
        f"Telegram update offered -> new_message received: p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {p95:.1f} ms, min {latencies[0]:.1f} ms, max {latencies[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
