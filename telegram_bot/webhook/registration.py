"""Telling Telegram where to post updates (setWebhook), and the bot process of webhook mode.

`run_telegram_bot` in webhook mode (what compose's `bot` service runs) registers the webhook, with
the secret Telegram will send and the update types the bot handles, and the "/" menu; then it stays
up and checks every minute that Telegram still has the webhook (registering it again when it was
removed or points elsewhere) and logs Telegram's latest delivery error. It handles no update: the
web processes store them and the Celery workers handle them. `manage.py telegram_webhook
set|delete|info` does the same by hand. Polling mode deletes the webhook when the poller starts.
"""

import asyncio
import contextlib
import datetime as dt
import logging
import signal

from django.conf import settings
from telegram import Bot, WebhookInfo

from telegram_bot.commands_menu import commands_register
from telegram_bot.inbox import ALLOWED_UPDATES
from telegram_bot.worker import initialize_with_backoff

logger = logging.getLogger(__name__)
CHECK_EVERY_SECONDS = 60


def webhook_bot() -> Bot:
    base = settings.TELEGRAM_API_BASE_URL.rstrip("/")
    return Bot(settings.TELEGRAM_BOT_TOKEN, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot")


async def webhook_set(bot: Bot) -> None:
    """Register TELEGRAM_WEBHOOK_URL with the secret and the update types (TelegramError when refused)."""
    if not settings.TELEGRAM_WEBHOOK_SECRET:
        logger.warning(
            "TELEGRAM_WEBHOOK_SECRET is not set (allowed with DEBUG only): anyone who knows the "
            "webhook URL can post updates to it"
        )
    await bot.set_webhook(
        url=settings.TELEGRAM_WEBHOOK_URL,
        secret_token=settings.TELEGRAM_WEBHOOK_SECRET or None,
        allowed_updates=ALLOWED_UPDATES,
    )
    logger.info("Telegram posts updates to %s", settings.TELEGRAM_WEBHOOK_URL)


async def webhook_delete(bot: Bot, *, drop_pending_updates: bool = False) -> None:
    await bot.delete_webhook(drop_pending_updates=drop_pending_updates)


def webhook_info_lines(info: WebhookInfo) -> list[str]:
    """What Telegram says about the webhook, for an operator."""
    lines = [
        f"url: {info.url or '(none: polling)'}",
        f"pending updates at Telegram: {info.pending_update_count}",
        f"allowed updates: {', '.join(info.allowed_updates or ()) or '(all)'}",
    ]
    if info.max_connections:
        lines.append(f"max connections: {info.max_connections}")
    if info.last_error_date:
        lines.append(
            f"last error: {info.last_error_date.isoformat()} {info.last_error_message or ''}".rstrip()
        )
    return lines


async def webhook_check(bot: Bot, last_error: dt.datetime | None) -> dt.datetime | None:
    """Register the webhook again when Telegram no longer has ours; log a new delivery error.
    Returns the time of Telegram's latest delivery error."""
    info = await bot.get_webhook_info()
    if info.url != settings.TELEGRAM_WEBHOOK_URL:
        logger.warning("Telegram's webhook is %r, not ours: registering it again", info.url or "")
        await webhook_set(bot)
    if info.last_error_date and info.last_error_date != last_error:
        logger.warning(
            "Telegram could not deliver an update to the webhook at %s: %s (%s updates wait there)",
            info.last_error_date.isoformat(),
            info.last_error_message,
            info.pending_update_count,
        )
    return info.last_error_date or last_error


async def serve_webhook(
    bot: Bot,
    stop: asyncio.Event,
    *,
    check_every: float = CHECK_EVERY_SECONDS,
    ready: asyncio.Event | None = None,
) -> None:
    """Register the webhook and the menu, then check the webhook until `stop` is set."""
    if not await initialize_with_backoff(bot, stop):
        return
    try:
        await webhook_set(bot)
        await commands_register(bot)
        logger.info("Telegram bot @%s is in webhook mode", bot.username)
        if ready is not None:
            ready.set()
        last_error = None
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=check_every)
                break
            try:
                last_error = await webhook_check(bot, last_error)
            except Exception as error:  # Telegram or the network: the webhook itself keeps working
                logger.warning("Could not check the Telegram webhook: %s", error)
    finally:
        await bot.shutdown()


async def serve_webhook_until_signalled(bot: Bot) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await serve_webhook(bot, stop)
