from tests.telegram_bot.conftest import bot, chat

__all__ = ["bot", "chat"]
