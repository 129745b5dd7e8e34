"""Build the python-telegram-bot Application and run it with long polling until told to stop.

The polling is the inbox's own loop (`telegram_bot.inbox`), not the library's `Updater`, so that
every update is stored before Telegram is told it arrived.
"""

import asyncio
import contextlib
import logging
import signal

from asgiref.sync import sync_to_async
from django.db import connections
from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TimedOut
from telegram.ext import Application, ApplicationBuilder

from telegram_bot.commands_menu import commands_register
from telegram_bot.handlers import add_handlers
from telegram_bot.inbox import add_inbox_handler, poll, resume_pending
from telegram_bot.lock import RENEW_EVERY_SECONDS, PollerLock
from telegram_bot.processor import PerChatUpdateProcessor
from telegram_bot.rate_limiter import SharedRateLimiter

logger = logging.getLogger(__name__)
STARTUP_BACKOFF_MAX_SECONDS = 60


def build_application(
    *, token: str, api_base_url: str, rate_limiter: SharedRateLimiter | None = None
) -> Application:
    """The Application the worker runs; its replies share the outbound sender's limits."""
    base = api_base_url.rstrip("/")
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .concurrent_updates(PerChatUpdateProcessor())
        .rate_limiter(rate_limiter or SharedRateLimiter())
        .updater(None)
        .build()
    )
    add_handlers(application)
    add_inbox_handler(application)
    return application


async def initialize_with_backoff(application: Application | Bot, stop: asyncio.Event) -> bool:
    """getMe with backoff: Telegram being unreachable at start-up must not kill the worker.
    False when stopped first."""
    delay = 1.0
    while not stop.is_set():
        try:
            await application.initialize()
            return True
        except InvalidToken:
            raise
        except (NetworkError, TimedOut) as error:
            logger.warning("Telegram is not reachable (%s); retrying in %.0f s", error, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=delay)
            delay = min(delay * 2, STARTUP_BACKOFF_MAX_SECONDS)
    return False


class LostPollerLock(RuntimeError):
    pass


async def _keep_lock(lock: PollerLock | None, stop: asyncio.Event, renew_every: float) -> bool:
    """Renew the poller lock until stopped; True when it was lost (the worker must not go on)."""
    while lock is not None and not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=renew_every)
        except TimeoutError:
            if not await asyncio.to_thread(lock.renew):
                logger.error("Another process may be polling now: stopping this worker")
                stop.set()
                return True
    return False


async def serve(
    application: Application,
    stop: asyncio.Event,
    *,
    lock: PollerLock | None = None,
    poll_timeout: float = 10,
    ready: asyncio.Event | None = None,
    renew_every: float = RENEW_EVERY_SECONDS,
) -> None:
    """Poll and handle updates until `stop` is set; pending updates are finished first."""
    if not await initialize_with_backoff(application, stop):
        return
    keeper = asyncio.create_task(_keep_lock(lock, stop, renew_every))
    poller = None
    try:
        await application.bot.delete_webhook()
        await application.start()
        await commands_register(application.bot)
        await resume_pending(application)
        poller = asyncio.create_task(poll(application, stop, poll_timeout=poll_timeout))
        logger.info("Telegram bot @%s is polling for updates", application.bot.username)
        if ready is not None:
            ready.set()
        await stop.wait()
        logger.info("Stopping the Telegram bot")
    finally:
        stop.set()  # also ends the lock keeper and the poller when start-up failed
        if poller is not None:
            await poller
        if application.running:
            await application.stop()
        await application.shutdown()
        await sync_to_async(connections.close_all, thread_sensitive=True)()
    if await keeper:
        raise LostPollerLock("The poller lock was lost; a supervisor should restart this worker.")


async def run_until_signalled(application: Application, *, lock: PollerLock, poll_timeout: float) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await serve(application, stop, lock=lock, poll_timeout=poll_timeout)
