from tests.messaging.conftest import bot, chat, fake_telegram, telegram_clock, telegram_settings

__all__ = ["bot", "chat", "fake_telegram", "telegram_clock", "telegram_settings"]
