"""API keys. A key is shown once; only its SHA-256 hash is stored."""

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone

from onef_api.models import ApiKey, ApiScope

KEY_PREFIX = "onef_"
PREFIX_LENGTH = 12
# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def api_key_hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode("utf-8")).hexdigest()


FULL_ACCESS = (ApiScope.READ, ApiScope.WRITE)


def api_key_create(
    *, name: str, scopes: Iterable[str] = FULL_ACCESS, expires_at: dt.datetime | None = None
) -> tuple[ApiKey, str]:
    """Create a key and return it with the raw key, which is never stored and cannot be shown again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "The key needs a name."})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry must be in the future."})
    api_key = ApiKey(name=name, scopes=sorted(set(scopes)), expires_at=expires_at)
    raw_key = api_key_issue(api_key=api_key)
    return api_key, raw_key


def api_key_rotate(*, api_key: ApiKey) -> tuple[ApiKey, str]:
    """A new key with the old one's name, scopes and expiry. The old key keeps working until revoked."""
    return api_key_create(name=api_key.name, scopes=api_key.scopes, expires_at=api_key.expires_at)


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


def api_key_touch(*, api_key: ApiKey, ip: str | None = None, now: dt.datetime | None = None) -> bool:
    """Record the use of a key (when and from which IP), at most once per LAST_USED_PRECISION.
    Returns True when written."""
    now = now or timezone.now()
    if api_key.last_used_at is not None and now - api_key.last_used_at < LAST_USED_PRECISION:
        return False
    ip = ip or None
    # A plain UPDATE: it does not bump updated_at and cannot lose a concurrent revocation.
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now, last_used_ip=ip)
    api_key.last_used_at, api_key.last_used_ip = now, ip
    return True
