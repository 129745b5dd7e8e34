import asyncio
import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from telegram.error import TelegramError

from telegram_bot.commands_menu import commands_register
from telegram_bot.webhook.registration import webhook_bot, webhook_delete, webhook_info_lines, webhook_set


class Command(BaseCommand):
    help = (
        "The Telegram webhook by hand: `set` registers TELEGRAM_WEBHOOK_URL (with the secret and the "
        "update types) and the commands menu, `delete` removes it (back to polling), `info` shows what "
        "Telegram says about it (pending updates, the last delivery error)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["set", "delete", "info"])
        parser.add_argument(
            "--drop-pending-updates",
            action="store_true",
            help="With delete: Telegram forgets the updates it has not delivered yet.",
        )

    def handle(self, *args, action: str, drop_pending_updates: bool, **options):
        if not settings.TELEGRAM_BOT_TOKEN:
            raise CommandError("TELEGRAM_BOT_TOKEN is not set: the Telegram bot is not configured.")
        if action == "set" and settings.TELEGRAM_MODE != "webhook":
            raise CommandError(
                "TELEGRAM_MODE is not webhook: the web processes would refuse the updates. Set "
                "TELEGRAM_MODE=webhook (and TELEGRAM_WEBHOOK_SECRET) first."
            )
        logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs URLs, and they hold the token
        try:
            lines = asyncio.run(self._run(action, drop_pending_updates))
        except TelegramError as error:
            raise CommandError(f"Telegram refused {action}: {error}") from None
        self.stdout.write("\n".join(lines))

    async def _run(self, action: str, drop_pending_updates: bool) -> list[str]:
        async with webhook_bot() as bot:
            if action == "set":
                await webhook_set(bot)
                await commands_register(bot)
            elif action == "delete":
                await webhook_delete(bot, drop_pending_updates=drop_pending_updates)
            return webhook_info_lines(await bot.get_webhook_info())
