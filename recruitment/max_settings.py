"""The MAX bot's settings (README, "The MAX bot"), read from the environment like every other.

The bot is off while MAX_BOT_TOKEN is empty. MAX_API_URL is the Bot API's address: MAX's documentation
(dev.max.ru/docs-api) moved bots from platform-api.max.ru to platform-api2.max.ru, whose certificate is
issued by the Russian Ministry of Digital Development's root CA (add it to the system's trusted roots).
"""

from typing import Any

from recruitment.environment import Env

# POST /subscriptions' `secret`, sent back in X-Max-Bot-Api-Secret: what MAX accepts.
WEBHOOK_SECRET_PATTERN = r"[A-Za-z0-9_-]{5,256}"


def max_settings(env: Env, *, public_base_url: str, debug: bool) -> dict[str, Any]:
    mode = env.choice("MAX_MODE", "polling", ("polling", "webhook"))
    token = env.str("MAX_BOT_TOKEN", "")
    return {
        "MAX_BOT_TOKEN": token,
        "MAX_API_URL": env.url("MAX_API_URL", "https://platform-api2.max.ru"),
        # How updates arrive: `polling` (run_max_bot fetches them with GET /updates and handles them)
        # or `webhook` (MAX posts them to MAX_WEBHOOK_URL on any web process; the Celery workers
        # handle them, each chat in order: messaging/inbox.py).
        "MAX_MODE": mode,
        "MAX_WEBHOOK_URL": env.url("MAX_WEBHOOK_URL", f"{public_base_url}/max/webhook/"),
        "MAX_WEBHOOK_SECRET": env.token(
            "MAX_WEBHOOK_SECRET",
            pattern=WEBHOOK_SECRET_PATTERN,
            what="5 to 256 characters of A-Z, a-z, 0-9, _ and -",
            required_because="MAX_MODE=webhook (outside DEBUG)"
            if mode == "webhook" and token and not debug
            else "",
        ),
    }
