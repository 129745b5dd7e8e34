"""The bot's "/" menu: registered with setMyCommands in Russian and in English when the bot starts."""

import logging

from django.utils import translation
from telegram import Bot, BotCommand
from telegram.error import TelegramError

from bot_dialog import texts
from core.languages import RUSSIAN_READERS, Language

logger = logging.getLogger(__name__)


def bot_commands(language: str) -> list[BotCommand]:
    with translation.override(language):
        return [BotCommand(name, str(description)) for name, description in texts.COMMANDS.items()]


async def commands_register(bot: Bot) -> None:
    """Russian for ru/uk/be/kk users, English for English and (the default list) every other
    language, as the dialog decides. A failure is logged: the bot works without the menu."""
    menus = [(code, Language.RU) for code in sorted(RUSSIAN_READERS)]
    menus += [(Language.EN, Language.EN), (None, Language.EN)]
    try:
        for code, language in menus:
            await bot.set_my_commands(bot_commands(language), language_code=code)
    except TelegramError as error:
        logger.warning("Could not register the bot's commands with Telegram: %s", error)
