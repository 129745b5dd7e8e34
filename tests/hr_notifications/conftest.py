from tests.messaging.conftest import bot, chat, eager_celery, fake_telegram, local_cache, telegram_settings

__all__ = ["bot", "chat", "eager_celery", "fake_telegram", "local_cache", "telegram_settings"]
