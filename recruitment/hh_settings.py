"""hh.ru's settings, read from the environment (README, "Configuration"; docs/hh.md).

The integration is off while HH_CLIENT_ID is unset. Once it is set, the secret and the User-Agent
hh.ru requires must be set too: start-up stops with a message naming the missing variable.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from recruitment.environment import Env

# Our webhook address carries this secret (hh.ru does not sign its notifications).
WEBHOOK_SECRET_PATTERN = r"[A-Za-z0-9_-]{16,128}"
# An id of one of hh.ru's dictionaries (/dictionaries, /areas, /professional_roles): "1", "fullDay"...
DICTIONARY_ID_PATTERN = r"[A-Za-z0-9_.-]{1,40}"
# The publish form's defaults (HR can change each one on the form): hh.ru requires every one of them.
PUBLISH_DEFAULTS = {
    "HH_DEFAULT_AREA_ID": "1",  # /areas: 1 = Moscow (a city: hh.ru publishes in a leaf area only)
    "HH_DEFAULT_PROFESSIONAL_ROLE_ID": "96",  # /professional_roles: 96 = programmer, developer
    "HH_DEFAULT_BILLING_TYPE": "standard",  # /dictionaries vacancy_billing_type
    "HH_DEFAULT_VACANCY_TYPE": "open",  # /dictionaries vacancy_type
    "HH_DEFAULT_EMPLOYMENT": "full",  # /dictionaries employment
    "HH_DEFAULT_SCHEDULE": "fullDay",  # /dictionaries schedule
    "HH_DEFAULT_EXPERIENCE": "between1And3",  # /dictionaries experience
    "HH_DEFAULT_CURRENCY": "RUR",  # /dictionaries currency (code)
}


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
        # hh.ru's dictionaries (the publish form's choices) are kept in the cache this long.
        "HH_DICTIONARIES_CACHE_HOURS": env.int("HH_DICTIONARIES_CACHE_HOURS", 24, minimum=1, maximum=24 * 30),
        **{name: _dictionary_id(env, name, default) for name, default in PUBLISH_DEFAULTS.items()},
    }


def _dictionary_id(env: Env, name: str, default: str) -> str:
    """Areas and roles are numbers; the other dictionaries' ids are words such as fullDay."""
    numeric = name in ("HH_DEFAULT_AREA_ID", "HH_DEFAULT_PROFESSIONAL_ROLE_ID")
    pattern, example = (r"\d{1,10}", default) if numeric else (DICTIONARY_ID_PATTERN, "fullDay")
    what = f"an hh.ru dictionary id such as {example}" + (" (a number)" if numeric else "")
    return env.token(name, pattern=pattern, what=what) or default
