"""Remove secrets from text before it is logged: the Telegram bot token (also inside /bot<token>/
URLs), OneF API keys (`onef_...`, Authorization / X-API-Key header values), webhook secrets
(`whsec_...` and the configured ONEF_WEBHOOK_SECRET), other configured secrets and URL passwords.

Configured secrets are matched literally (whatever their shape); the patterns catch the ones a log
line may carry that are not configured here (an endpoint secret typed in the admin, a client's key).
"""

import functools
import logging
import re

MASK = "[REDACTED]"
# Settings whose values must never appear in a log line.
SECRET_SETTINGS = (
    "TELEGRAM_BOT_TOKEN",
    "ONEF_WEBHOOK_SECRET",
    "AI_API_KEY",
    "METRICS_TOKEN",
    "SECRET_KEY",
    "SENTRY_DSN",
)
_PATTERNS = [
    # /bot<token>/ and /file/bot<token>/ in Bot API URLs, whatever the token looks like.
    (re.compile(r"(/bot)[^/\s'\"]+(?=/)"), r"\1" + MASK),
    # A Telegram token on its own: <bot id>:<35 url-safe characters>.
    (re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{30,}"), MASK),
    # Header values, as text (`Authorization: Bearer x`) or as a dict repr (`'X-API-Key': 'x'`).
    (
        re.compile(
            r"((?:authorization|x-api-key|http_authorization|http_x_api_key)['\"]?\s*[:=]\s*['\"]?)"
            r"(?:bearer\s+|basic\s+|token\s+)?[^\s'\",}]+",
            re.IGNORECASE,
        ),
        r"\1" + MASK,
    ),
    (re.compile(r"\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE), r"\1" + MASK),
    # OneF API keys (onef_ + 43 url-safe characters); short prefixes shown in the admin stay.
    (re.compile(r"\bonef_[A-Za-z0-9_-]{16,}"), MASK),
    # Standard Webhooks secrets and signatures.
    (re.compile(r"\bwhsec_[A-Za-z0-9+/=_-]+"), MASK),
    (re.compile(r"\bv1,[A-Za-z0-9+/=]{20,}"), "v1," + MASK),
    # Passwords in URLs: scheme://user:password@host.
    (re.compile(r"(://[^:/@\s]*:)[^@/\s]+(@)"), r"\1" + MASK + r"\2"),
]
_MIN_LITERAL = 6  # shorter configured values would mask ordinary words


def _configured_secrets() -> tuple[str, ...]:
    try:
        from django.conf import settings  # the filter is built while the settings load

        values = [str(getattr(settings, name, "") or "") for name in SECRET_SETTINGS]
    except Exception:  # settings not configured yet (early start-up): patterns only
        return ()
    return tuple(sorted({v for v in values if len(v) >= _MIN_LITERAL}, key=len, reverse=True))


@functools.lru_cache(maxsize=8)
def _literal_pattern(secrets: tuple[str, ...]) -> re.Pattern | None:
    if not secrets:
        return None
    return re.compile("|".join(re.escape(secret) for secret in secrets))


def redact(text: str) -> str:
    """`text` with every secret replaced by [REDACTED]."""
    if not text:
        return text
    literal = _literal_pattern(_configured_secrets())
    if literal is not None:
        text = literal.sub(MASK, text)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


_STANDARD_ATTRIBUTES = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class RedactingFilter(logging.Filter):
    """Rewrites the record in place: message, arguments, traceback, stack and string extras.

    Installed on the handlers, so it sees every record that is written, whichever logger made it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: log what there is rather than drop the record
            message = f"{record.msg} {record.args}"
        record.msg, record.args = redact(message), None
        if record.exc_info:
            formatter = logging.Formatter()
            record.exc_text = redact(formatter.formatException(record.exc_info))
            record.exc_info = None  # formatters would format the raw traceback again
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for name, value in list(record.__dict__.items()):
            if name not in _STANDARD_ATTRIBUTES and isinstance(value, str):
                setattr(record, name, redact(value))
        return True
