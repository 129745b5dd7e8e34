"""E-mail as a channel: the outgoing mail server (Django's SMTP settings), the reply address whose
`+<token>` threads answers back to the candidate, and how answers come in (IMAP polling or an
inbound webhook). README "E-mail"; docs/email.md.

Off while EMAIL_HOST is unset (and EMAIL_BACKEND is not set to another backend): messages to an
e-mail channel then stay queued, as Telegram's do without a token.
"""

from email.utils import parseaddr
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from recruitment.environment import Env

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
INBOUND_SECRET_PATTERN = r"[A-Za-z0-9_-]{16,128}"


def _address(env: Env, name: str, default: str, *, required_because: str) -> str:
    value = env.str(name, default)
    _, address = parseaddr(value)
    if value and ("@" not in address or "+" in address.split("@")[0]):
        raise ImproperlyConfigured(f"{name} must be an e-mail address without a '+' tag, got {value!r}.")
    if not value and required_because:
        raise ImproperlyConfigured(f"{name} must be set when {required_because}.")
    return address


def _outgoing(env: Env) -> dict[str, Any]:
    host = env.str("EMAIL_HOST", "")
    backend = env.str("EMAIL_BACKEND", "") or SMTP_BACKEND
    enabled = bool(host) or backend != SMTP_BACKEND
    port = env.int("EMAIL_PORT", 587, minimum=1, maximum=65535)
    use_ssl = env.bool("EMAIL_USE_SSL", port == 465)
    return {
        "EMAIL_ENABLED": enabled,
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": host or "localhost",
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": env.str("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": env.str("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_USE_TLS": env.bool("EMAIL_USE_TLS", port == 587 and not use_ssl),
        "EMAIL_TIMEOUT": env.int("EMAIL_TIMEOUT", 20, minimum=1, maximum=300),
        # A budget for the whole installation, shared by every worker (messaging.rate_limits).
        "EMAIL_RATE_PER_MINUTE": env.int("EMAIL_RATE_PER_MINUTE", 60, minimum=1, maximum=100_000),
    }


def email_settings(env: Env) -> dict[str, Any]:
    outgoing = _outgoing(env)
    because = "EMAIL_HOST is set" if outgoing["EMAIL_ENABLED"] else ""
    from_email = env.str("DEFAULT_FROM_EMAIL", "")
    from_address = _address(env, "DEFAULT_FROM_EMAIL", from_email, required_because=because)
    mode = env.choice(
        "EMAIL_INBOUND_MODE", "imap" if env.str("EMAIL_IMAP_HOST") else "off", ("imap", "webhook", "off")
    )
    inbound = {
        # Candidates answer to <local>+<token>@<domain> of this mailbox (plus addressing).
        "EMAIL_REPLY_ADDRESS": _address(env, "EMAIL_REPLY_ADDRESS", from_address, required_because=""),
        "EMAIL_INBOUND_MODE": mode,
        "EMAIL_IMAP_HOST": env.str("EMAIL_IMAP_HOST", ""),
        "EMAIL_IMAP_PORT": env.int("EMAIL_IMAP_PORT", 993, minimum=1, maximum=65535),
        "EMAIL_IMAP_SSL": env.bool("EMAIL_IMAP_SSL", True),
        "EMAIL_IMAP_USER": env.str("EMAIL_IMAP_USER", ""),
        "EMAIL_IMAP_PASSWORD": env.str("EMAIL_IMAP_PASSWORD", ""),
        "EMAIL_IMAP_FOLDER": env.str("EMAIL_IMAP_FOLDER", "INBOX"),
        "EMAIL_IMAP_POLL_SECONDS": env.int("EMAIL_IMAP_POLL_SECONDS", 60, minimum=10, maximum=3600),
        # The inbound webhook (POST /careers/email/inbound/) takes a raw message signed with it.
        "EMAIL_INBOUND_SECRET": env.token(
            "EMAIL_INBOUND_SECRET",
            pattern=INBOUND_SECRET_PATTERN,
            what="16 to 128 characters of A-Z, a-z, 0-9, _ and -",
            required_because="EMAIL_INBOUND_MODE=webhook" if mode == "webhook" else "",
        ),
    }
    if mode == "imap" and not (inbound["EMAIL_IMAP_HOST"] and inbound["EMAIL_IMAP_USER"]):
        raise ImproperlyConfigured(
            "EMAIL_IMAP_HOST and EMAIL_IMAP_USER must be set when EMAIL_INBOUND_MODE=imap."
        )
    if mode != "off" and not inbound["EMAIL_REPLY_ADDRESS"]:
        raise ImproperlyConfigured(
            "EMAIL_REPLY_ADDRESS (or DEFAULT_FROM_EMAIL) must be set to receive e-mail."
        )
    return {**outgoing, "DEFAULT_FROM_EMAIL": from_email or "webmaster@localhost", **inbound}
