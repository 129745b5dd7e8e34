"""The Telegram bot's settings, read from the environment like every other (README, "Configuration").

A function of settings.py's own values rather than module-level reads, so that each read of the
settings parses the environment of that moment (tests read them against several environments).
"""

from typing import Any

from recruitment.environment import Env

# setWebhook's secret_token: what Telegram accepts.
WEBHOOK_SECRET_PATTERN = r"[A-Za-z0-9_-]{1,256}"


def telegram_settings(env: Env, *, public_base_url: str, debug: bool, task_time_limit: int) -> dict[str, Any]:
    mode = env.choice("TELEGRAM_MODE", "polling", ("polling", "webhook"))
    return {
        "TELEGRAM_BOT_TOKEN": env.str("TELEGRAM_BOT_TOKEN", ""),
        "TELEGRAM_API_BASE_URL": env.url("TELEGRAM_API_BASE_URL", "https://api.telegram.org"),
        # The bot's "passed to HR" acknowledgement is repeated after this many quiet hours in a chat.
        "BOT_ACK_QUIET_HOURS": env.int("BOT_ACK_QUIET_HOURS", 6, minimum=1, maximum=24 * 30),
        # A Mini App's initData older than this is refused (Telegram signs auth_date).
        "TELEGRAM_INIT_DATA_MAX_AGE_SECONDS": env.int(
            "TELEGRAM_INIT_DATA_MAX_AGE_SECONDS", 86400, minimum=60
        ),
        # How updates arrive: `polling` (run_telegram_bot fetches them; one process) or `webhook`
        # (Telegram posts them to TELEGRAM_WEBHOOK_URL on any web process; the Celery workers handle
        # them, each chat in order: messaging/inbox.py).
        "TELEGRAM_MODE": mode,
        "TELEGRAM_WEBHOOK_URL": env.url("TELEGRAM_WEBHOOK_URL", f"{public_base_url}/telegram/webhook/"),
        # Telegram sends it in X-Telegram-Bot-Api-Secret-Token with every update.
        "TELEGRAM_WEBHOOK_SECRET": env.token(
            "TELEGRAM_WEBHOOK_SECRET",
            pattern=WEBHOOK_SECRET_PATTERN,
            what="1 to 256 characters of A-Z, a-z, 0-9, _ and -",
            required_because="TELEGRAM_MODE=webhook (outside DEBUG)"
            if mode == "webhook" and not debug
            else "",
        ),
        # A worker handling a chat's updates from the inbox holds the chat this long (renewed before
        # each update); the chats of a worker that died wait this long. Default: the task's hard time
        # limit, so the chat of a task still running is never taken from it.
        "INBOX_LEASE_SECONDS": env.int("INBOX_LEASE_SECONDS", task_time_limit, minimum=2),
    }
