import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.checks import require_secret_key
from max_bot.poller import TokenRejected, poll
from messaging.max_api import MaxClient


class Command(BaseCommand):
    help = (
        "Run the MAX bot: long polling (GET /updates), or with MAX_MODE=webhook subscribe MAX_WEBHOOK_URL "
        "(POST /subscriptions) and exit. SIGTERM or Ctrl-C stops the poller cleanly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--poll-timeout", type=int, default=30, help="Seconds one GET /updates may wait (0-90)."
        )
        parser.add_argument(
            "--if-configured",
            action="store_true",
            help="For an always-on container: without MAX_BOT_TOKEN idle instead of failing, and in webhook "
            "mode stay up after subscribing, until stopped.",
        )

    def handle(self, *args, poll_timeout: int, if_configured: bool, **options):
        require_secret_key()
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        if not settings.MAX_BOT_TOKEN:
            if not if_configured:
                raise CommandError("MAX_BOT_TOKEN is not set: the MAX bot is off.")
            self.stdout.write("MAX_BOT_TOKEN is not set: the MAX bot is off; idling.")
            stop.wait()
            return
        client = MaxClient()
        me = client.me()
        if me.status_code == 401:
            raise CommandError(f"MAX rejected MAX_BOT_TOKEN: {me.error}")
        if settings.MAX_MODE == "webhook":
            self._subscribe(client)
            if if_configured:  # an always-on container: stay up (no polling) until stopped
                stop.wait()
            return
        self.stdout.write("The MAX bot is polling for updates.")
        try:
            poll(client, stop, timeout=max(0, min(poll_timeout, 90)))
        except TokenRejected as error:
            raise CommandError(f"MAX rejected MAX_BOT_TOKEN: {error}") from None
        self.stdout.write("The MAX bot stopped.")

    def _subscribe(self, client: MaxClient) -> None:
        answer = client.subscribe(url=settings.MAX_WEBHOOK_URL, secret=settings.MAX_WEBHOOK_SECRET)
        if not answer.ok or (isinstance(answer.body, dict) and answer.body.get("success") is False):
            raise CommandError(
                f"MAX refused the subscription {settings.MAX_WEBHOOK_URL}: {answer.error or answer.body}"
            )
        self.stdout.write(f"MAX posts updates to {settings.MAX_WEBHOOK_URL}.")
