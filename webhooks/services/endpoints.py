"""Which endpoints receive an event: the enabled ones, the default one kept equal to the settings."""

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from webhooks.models import Endpoint

DEFAULT_ENDPOINT_NAME = "OneF (ONEF_WEBHOOK_URL)"
DEFAULT_UNSET_REASON = "ONEF_WEBHOOK_URL is not set."


def _default_endpoint_changes(default: Endpoint, url: str, secret: str) -> dict[str, Any]:
    if not url:
        if default.is_enabled:
            return {"is_enabled": False, "disabled_reason": DEFAULT_UNSET_REASON}
        return {}
    if (default.url, default.secret) != (url, secret):
        # New configuration: whatever disabled the old URL (a 410, HR) no longer applies.
        return {"url": url, "secret": secret, "is_enabled": True, "disabled_reason": ""}
    if not default.is_enabled and default.disabled_reason == DEFAULT_UNSET_REASON:
        return {"is_enabled": True, "disabled_reason": ""}
    return {}


def _default_endpoint_sync(default: Endpoint | None) -> Endpoint | None:
    """Keep the is_default row equal to ONEF_WEBHOOK_URL / ONEF_WEBHOOK_SECRET."""
    url, secret = settings.ONEF_WEBHOOK_URL, settings.ONEF_WEBHOOK_SECRET
    if default is None:
        if not url:
            return None
        try:
            with transaction.atomic():
                return Endpoint.objects.create(
                    name=DEFAULT_ENDPOINT_NAME, url=url, secret=secret, is_default=True
                )
        except IntegrityError:  # another process created it a moment ago
            default = Endpoint.objects.get(is_default=True)
    changes = _default_endpoint_changes(default, url, secret)
    if changes:
        for name, value in changes.items():
            setattr(default, name, value)
        default.save(update_fields=[*changes, "updated_at"])
    return default


def endpoints_receiving(*, event_type: str) -> list[Endpoint]:
    """Enabled endpoints that accept this event type, the default one synced from settings first."""
    endpoints = list(Endpoint.objects.filter(Q(is_enabled=True) | Q(is_default=True)))
    default = _default_endpoint_sync(next((e for e in endpoints if e.is_default), None))
    candidates = [e for e in endpoints if not e.is_default]
    if default is not None:
        candidates.append(default)
    return [e for e in candidates if e.is_enabled and e.accepts(event_type)]
