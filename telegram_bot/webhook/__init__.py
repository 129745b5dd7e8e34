"""Telegram webhook mode: the endpoint Telegram posts updates to, their handling in Celery workers,
and the registration of the webhook with Telegram."""
