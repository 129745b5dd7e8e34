"""Start the web server, the Celery worker and beat (and the Telegram bot when configured).

Ctrl-C (or SIGTERM) stops all of them. Used by `make run`; a deployment runs each process on its own
(see docker-compose.yml).
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from core.demo import demo_modules


class Command(BaseCommand):
    help = "Run the whole system for development: web, worker, beat and (with a token) the bot."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, addr: str, **options):
        python = sys.executable
        processes = {
            "web": [python, "manage.py", "runserver", addr, "--noreload"],
            "worker": [python, "-m", "celery", "-A", "recruitment", "worker", "-l", "info", "-c", "2"],
            "beat": [python, "-m", "celery", "-A", "recruitment", "beat", "-l", "info"],
        }
        if settings.TELEGRAM_BOT_TOKEN:
            processes["bot"] = [python, "manage.py", "run_telegram_bot"]
        else:
            self.stdout.write("TELEGRAM_BOT_TOKEN is not set: the Telegram bot is not started.")
        if settings.MAX_BOT_TOKEN:
            processes["max-bot"] = [python, "manage.py", "run_max_bot"]

        running = {name: subprocess.Popen(cmd, env=os.environ.copy()) for name, cmd in processes.items()}
        self._print_urls(addr)
        stop = False

        def request_stop(signum, frame):
            nonlocal stop
            stop = True

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        try:
            while not stop:
                for name, process in running.items():
                    if process.poll() is not None:
                        self.stderr.write(f"{name} exited with code {process.returncode}; stopping the rest.")
                        stop = True
                time.sleep(0.5)
        finally:
            for process in running.values():
                if process.poll() is None:
                    process.terminate()
            deadline = time.monotonic() + 10
            for process in running.values():
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()

    def _print_urls(self, addr: str) -> None:
        base = f"http://{addr}"
        links = [("Admin", f"{base}/admin/   (admin / admin)"), ("API docs", f"{base}/api/onef/docs/")]
        for module in demo_modules():
            links += module.demo_links() if hasattr(module, "demo_links") else []
        lines = ["", "The recruitment platform is running:"]
        lines += [f"  {label + ':':<11} {url}" for label, url in links]
        lines += ["Press Ctrl-C to stop everything.", ""]
        self.stdout.write("\n".join(lines))
