"""The Telegram bot, a front door: the polling worker and python-telegram-bot handlers on top of the
domain services. Its rows (BotChat, TelegramUpdate, Message) belong to `messaging`."""
