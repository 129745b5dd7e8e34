import asyncio
import logging
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from telegram.error import InvalidToken, TelegramError

from core.checks import require_secret_key
from telegram_bot.lock import poller_lock, poller_lock_take
from telegram_bot.webhook.registration import serve_webhook_until_signalled, webhook_bot
from telegram_bot.worker import LostPollerLock, build_application, run_until_signalled


class Command(BaseCommand):
    help = (
        "Run the Telegram bot worker: long polling, or with TELEGRAM_MODE=webhook register the webhook "
        "and keep it registered. SIGTERM or Ctrl-C stops it cleanly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--poll-timeout", type=float, default=10.0, help="Seconds one getUpdates call may wait."
        )
        parser.add_argument(
            "--if-configured",
            action="store_true",
            help="Without a token, idle until stopped instead of failing (for an always-on container).",
        )

    def handle(self, *args, poll_timeout: float, if_configured: bool, **options):
        require_secret_key()
        token = settings.TELEGRAM_BOT_TOKEN
        if not token and if_configured:
            stop_signals = {signal.SIGTERM, signal.SIGINT}
            signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
            self.stdout.write("TELEGRAM_BOT_TOKEN is not set: the Telegram bot is not configured; idling.")
            self.stdout.flush()
            signal.sigwait(stop_signals)
            return
        if not token:
            raise CommandError("TELEGRAM_BOT_TOKEN is not set: the Telegram bot is not configured.")
        # httpx logs every request URL at INFO, and the Bot API puts the token in the URL.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        if settings.TELEGRAM_MODE == "webhook":
            self._serve_webhook()
            return
        lock = poller_lock(token)
        try:
            acquired = poller_lock_take(lock)  # waits out the lock of a worker that was just killed
        except Exception as error:  # Redis down: better no bot than two pollers
            raise CommandError(f"Could not take the poller lock: {error}") from None
        if not acquired:
            raise CommandError(
                "Another run_telegram_bot process is already polling with this token "
                "(it kept its poller lock while this one waited)."
            )
        try:
            application = build_application(token=token, api_base_url=settings.TELEGRAM_API_BASE_URL)
            asyncio.run(run_until_signalled(application, lock=lock, poll_timeout=poll_timeout))
        except InvalidToken as error:
            raise CommandError(f"Telegram rejected TELEGRAM_BOT_TOKEN: {error}") from None
        except LostPollerLock as error:
            raise CommandError(str(error)) from None
        finally:
            lock.release()
        self.stdout.write("The Telegram bot stopped.")

    def _serve_webhook(self) -> None:
        """Webhook mode: no polling and no poller lock (any number may run); the web processes
        receive the updates and the Celery workers handle them."""
        try:
            asyncio.run(serve_webhook_until_signalled(webhook_bot()))
        except InvalidToken as error:
            raise CommandError(f"Telegram rejected TELEGRAM_BOT_TOKEN: {error}") from None
        except TelegramError as error:
            raise CommandError(
                f"Telegram refused the webhook {settings.TELEGRAM_WEBHOOK_URL}: {error}"
            ) from None
        self.stdout.write("The Telegram bot stopped.")
