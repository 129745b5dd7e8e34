"""The Telegram bot worker: python-telegram-bot handlers on top of the domain services."""
