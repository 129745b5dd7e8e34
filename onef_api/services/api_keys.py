"""API keys. A key is shown once; only its SHA-256 hash is stored."""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.utils import timezone

from onef_api.models import ApiKey

KEY_PREFIX = "onef_"
PREFIX_LENGTH = 12
# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def api_key_hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode("utf-8")).hexdigest()


def api_key_create(*, name: str) -> tuple[ApiKey, str]:
    """Create a key and return it with the raw key, which is never stored and cannot be shown again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "The key needs a name."})
    api_key = ApiKey(name=name)
    raw_key = api_key_issue(api_key=api_key)
    return api_key, raw_key


def api_key_issue(*, api_key: ApiKey) -> str:
    """Give a new (unsaved) key its secret, save it, and return the raw key for showing once."""
    raw_key = KEY_PREFIX + secrets.token_urlsafe(32)
    api_key.prefix, api_key.key_hash = raw_key[:PREFIX_LENGTH], api_key_hash(raw_key)
    api_key.full_clean()
    api_key.save()
    return raw_key


def api_key_revoke(*, api_key: ApiKey) -> bool:
    """Revoke the key; returns False when it was already revoked."""
    if api_key.revoked_at is not None:
        return False
    api_key.revoked_at = timezone.now()
    api_key.save(update_fields=["revoked_at", "updated_at"])
    return True


def api_key_touch(*, api_key: ApiKey, now: dt.datetime | None = None) -> bool:
    """Record the use of a key, at most once per LAST_USED_PRECISION. Returns True when written."""
    now = now or timezone.now()
    if api_key.last_used_at is not None and now - api_key.last_used_at < LAST_USED_PRECISION:
        return False
    # A plain UPDATE: it does not bump updated_at and cannot lose a concurrent revocation.
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now
    return True
