"""Reads of the OneF API: API key lookup."""

from onef_api.models import ApiKey
from onef_api.services import KEY_PREFIX, api_key_hash

MAX_KEY_LENGTH = 200


def api_key_for_raw(raw_key: str) -> ApiKey | None:
    """The active key matching a presented raw key, or None."""
    raw_key = raw_key.strip()
    if not raw_key.startswith(KEY_PREFIX) or len(raw_key) > MAX_KEY_LENGTH:
        return None
    return ApiKey.objects.filter(key_hash=api_key_hash(raw_key), revoked_at__isnull=True).first()
