"""Optional error reporting: sentry-sdk with the Django and Celery integrations when SENTRY_DSN is set.

Without a DSN nothing is initialised and nothing is sent anywhere. Personal data stays out
(send_default_pii=False) and event text passes the same redaction as the logs.
"""

from typing import Any

from core.observability.redaction import redact


def _redact_event(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    for entry in (event.get("exception") or {}).get("values") or []:
        if isinstance(entry.get("value"), str):
            entry["value"] = redact(entry["value"])
    logentry = event.get("logentry") or {}
    for key in ("message", "formatted"):
        if isinstance(logentry.get(key), str):
            logentry[key] = redact(logentry[key])
    return event


def sentry_init(*, dsn: str, environment: str) -> bool:
    """Initialise Sentry when `dsn` is set; True when it was."""
    if not dsn:
        return False
    import sentry_sdk  # only with a DSN: nothing of Sentry is loaded otherwise
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        before_send=_redact_event,
        traces_sample_rate=0.0,
    )
    return True
