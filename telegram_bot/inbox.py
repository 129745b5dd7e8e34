"""The polling loop: store each update in the inbox before confirming it, then hand it on.

python-telegram-bot's `Updater` confirms a batch to Telegram (the next getUpdates' offset) as soon
as it has fetched it, before the handlers ran, and has no hook to persist it first. So the worker
polls with the library's `Bot` itself:

1. at start-up, the rows a previous worker stored but did not handle go to the Application first,
   in the order Telegram handed them out;
2. getUpdates; the batch is stored (`messaging.TelegramUpdate`, unique update_id) and only then
   does the next getUpdates confirm it; an update stored before (a replay) is not handled again;
3. the Application handles each update; the dialog marks its row handled in the transaction of
   its effects, and a last handler group marks any update no dialog step recorded.

A worker killed at any point therefore loses nothing, and handles nothing twice.
"""

import asyncio
import contextlib
import logging
import time

from asgiref.sync import sync_to_async
from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from messaging import selectors, services

logger = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "callback_query"]
BACKOFF_MAX_SECONDS = 30
PURGE_EVERY_SECONDS = 3600


async def _mark_handled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await sync_to_async(services.telegram_update_mark_handled, thread_sensitive=True)(
        update_id=update.update_id
    )


def add_inbox_handler(application: Application) -> None:
    """Runs after the dialog's handler (and after the error handler when that failed)."""
    application.add_handler(TypeHandler(Update, _mark_handled), group=100)


async def resume_pending(application: Application) -> int:
    payloads = await sync_to_async(selectors.telegram_updates_pending, thread_sensitive=True)()
    for payload in payloads:
        await application.update_queue.put(Update.de_json(payload, application.bot))
    if payloads:
        logger.info("Resuming %d Telegram updates a previous worker did not handle", len(payloads))
    return len(payloads)


async def _until_stopped(awaitable, stop: asyncio.Event):
    """The awaitable's result, or None when `stop` is set first (the awaitable is cancelled)."""
    task = asyncio.ensure_future(awaitable)
    stopper = asyncio.ensure_future(stop.wait())
    await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    stopper.cancel()
    if not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        return None
    return task.result()


async def _store(updates: list[Update]) -> set[int]:
    payloads = [update.to_dict() for update in updates]
    return await sync_to_async(services.telegram_updates_store, thread_sensitive=True)(payloads=payloads)


async def poll(application: Application, stop: asyncio.Event, *, poll_timeout: float) -> None:
    """getUpdates until stopped; a batch is confirmed only after it is stored."""
    offset: int | None = None
    delay = 1.0
    purged_at = 0.0
    while not stop.is_set():
        if time.monotonic() - purged_at > PURGE_EVERY_SECONDS:
            await sync_to_async(services.telegram_updates_purge, thread_sensitive=True)()
            purged_at = time.monotonic()
        try:
            updates = await _until_stopped(
                application.bot.get_updates(
                    offset=offset,
                    timeout=max(0, int(poll_timeout)),
                    allowed_updates=ALLOWED_UPDATES,
                    read_timeout=poll_timeout + 5,
                ),
                stop,
            )
            if not updates:
                continue
            fresh = await _store(updates)
        except Exception as error:  # network, Telegram or database: retry, never lose
            # Nothing confirmed: Telegram hands the same updates out again after the pause.
            logger.warning("Polling Telegram failed (%s); retrying in %.0f s", error, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=delay)
            delay = min(delay * 2, BACKOFF_MAX_SECONDS)
            continue
        delay = 1.0
        offset = updates[-1].update_id + 1
        for update in updates:
            if update.update_id in fresh:
                await application.update_queue.put(update)
