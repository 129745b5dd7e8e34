"""hh.ru's settings, read from the environment (README, "Configuration"; docs/hh.md).

The integration is off while HH_CLIENT_ID is unset. Once it is set, the secret and the User-Agent
hh.ru requires must be set too: start-up stops with a message naming the missing variable.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from recruitment.environment import Env

# Our webhook address carries this secret (hh.ru does not sign its notifications).
WEBHOOK_SECRET_PATTERN = r"[A-Za-z0-9_-]{16,128}"


def hh_settings(env: Env, *, public_base_url: str) -> dict[str, Any]:
    client_id = env.str("HH_CLIENT_ID", "")
    enabled = bool(client_id)
    because = "HH_CLIENT_ID is set" if enabled else ""
    secret = env.str("HH_CLIENT_SECRET", "")
    user_agent = env.str("HH_USER_AGENT", "")
    for name, value in (("HH_CLIENT_SECRET", secret), ("HH_USER_AGENT", user_agent)):
        if enabled and not value:
            raise ImproperlyConfigured(f"{name} must be set when {because}.")
    return {
        "HH_ENABLED": enabled,
        "HH_CLIENT_ID": client_id,
        "HH_CLIENT_SECRET": secret,
        # hh.ru sends the employer back here with ?code=...&state=...; registered at dev.hh.ru.
        "HH_REDIRECT_URL": env.url("HH_REDIRECT_URL", f"{public_base_url}/admin/hh/callback/"),
        "HH_API_URL": env.url("HH_API_URL", "https://api.hh.ru"),
        # /oauth/authorize (the employer's browser) and /oauth/token (server to server).
        "HH_OAUTH_URL": env.url("HH_OAUTH_URL", "https://hh.ru"),
        # hh.ru refuses requests without one: "AppName/1.0 (hr@example.com)".
        "HH_USER_AGENT": user_agent,
        "HH_WEBHOOK_SECRET": env.token(
            "HH_WEBHOOK_SECRET",
            pattern=WEBHOOK_SECRET_PATTERN,
            what="16 to 128 characters of A-Z, a-z, 0-9, _ and -",
        ),
        # The polling fallback (beat) imports every linked vacancy's responses this often.
        "HH_POLL_MINUTES": env.int("HH_POLL_MINUTES", 10, minimum=1, maximum=24 * 60),
        # Stage changes sent to hh.ru (invite, discard): attempts before HR is told it failed.
        "HH_ACTION_MAX_ATTEMPTS": env.int("HH_ACTION_MAX_ATTEMPTS", 8, minimum=1, maximum=50),
        "HH_TIMEOUT_SECONDS": env.int("HH_TIMEOUT_SECONDS", 15, minimum=1, maximum=120),
    }
