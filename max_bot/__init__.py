"""The MAX messenger bot: a front door beside the Telegram bot (see max_bot/README in docs)."""
