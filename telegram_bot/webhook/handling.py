"""Handling a stored update in a Celery worker (webhook mode) with the polling worker's own code.

One code path for both modes: the update goes through the same python-telegram-bot Application as in
`run_telegram_bot` (`telegram_bot.worker.build_application`: the handlers turning an update into
dialog calls, the replies through PTB's bot with the shared rate limiter, getFile and the file
download of a CV, the apology when a handler fails, and the last handler that marks the inbox row
handled), called with `Application.process_update` instead of the polling loop.

Each worker thread keeps one Application, built and initialised (getMe) on its first update, and an
event loop of its own to run it on; both live as long as the worker process. The dialog's database
work runs through `sync_to_async`, as in the polling worker. The order between updates is not this
module's business: `messaging.inbox` hands it one update at a time, in each chat's order.
"""

import asyncio
import contextlib
import logging
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from asgiref.sync import sync_to_async
from celery import signals
from django.conf import settings
from django.db import connections
from telegram import Update
from telegram.ext import Application

from messaging import services
from telegram_bot.rate_limiter import SharedRateLimiter
from telegram_bot.worker import build_application


@dataclass
class WorkerBot:
    key: tuple[str, str]  # the token and the Bot API address it was built for
    loop: asyncio.AbstractEventLoop
    application: Application

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        task = self.loop.create_task(coroutine)
        try:
            return self.loop.run_until_complete(task)
        except BaseException:
            # Stopped from outside (the task's time limit): the update must not go on in the next task.
            task.cancel()
            with contextlib.suppress(BaseException):
                self.loop.run_until_complete(task)
            raise


logger = logging.getLogger(__name__)
_local = threading.local()


def worker_bot(*, rate_limiter: SharedRateLimiter | None = None) -> WorkerBot:
    """This thread's initialised Application (built anew when the token or the address changed).
    `rate_limiter` applies when it is built: a test passes one that waits on its own clock."""
    key = (settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_API_BASE_URL)
    current: WorkerBot | None = getattr(_local, "bot", None)
    if current is not None and current.key == key:
        return current
    worker_bot_close()
    # httpx logs every request URL at INFO, and the Bot API puts the token in the URL.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    loop = asyncio.new_event_loop()
    application = build_application(token=key[0], api_base_url=key[1], rate_limiter=rate_limiter)
    try:
        loop.run_until_complete(application.initialize())  # getMe: a failure fails the task, retried
    except BaseException:
        loop.close()
        raise
    _local.bot = WorkerBot(key=key, loop=loop, application=application)
    return _local.bot


def worker_bot_close() -> None:
    """Shut this thread's Application down (its HTTP connections), close the database connections
    its dialog calls opened (in sync_to_async's thread) and the loop."""
    current: WorkerBot | None = getattr(_local, "bot", None)
    _local.bot = None
    if current is None:
        return
    try:
        current.run(current.application.shutdown())
        current.run(sync_to_async(connections.close_all, thread_sensitive=True)())
    finally:
        current.loop.close()


@signals.worker_process_shutdown.connect
@signals.worker_shutdown.connect
def _close_when_the_worker_stops(**kwargs) -> None:
    worker_bot_close()


def handle_update(payload: dict) -> None:
    """Handle one stored update as the polling worker would; its row is marked handled by then
    unless the database failed (the caller sees the row still pending)."""
    bot = worker_bot()
    try:
        update = Update.de_json(payload, bot.application.bot)
    except Exception:
        # Not an update python-telegram-bot can read: retrying cannot help, and it must not hold up its chat.
        logger.error("Telegram update %s cannot be read: skipped", payload.get("update_id"), exc_info=True)
        services.telegram_update_mark_handled(update_id=payload["update_id"])
        return
    bot.run(bot.application.process_update(update))
