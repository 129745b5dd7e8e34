"""Writes of the OneF API.

- `api_keys`: creating, rotating, revoking and touching API keys (only a hash is stored).
- `idempotency`: the `Idempotency-Key` records of POST requests (begin, complete, release, purge).
- `invitations`: an invitation that reuses the candidate's pending one for the same test.
"""

from onef_api.services.api_keys import (
    KEY_PREFIX,
    LAST_USED_PRECISION,
    api_key_create,
    api_key_hash,
    api_key_issue,
    api_key_revoke,
    api_key_rotate,
    api_key_touch,
)
from onef_api.services.idempotency import (
    IdempotencyConflict,
    IdempotencyMismatch,
    idempotency_begin,
    idempotency_complete,
    idempotency_keys_purge,
    idempotency_release,
)
from onef_api.services.invitations import invitation_get_or_create

__all__ = [
    "KEY_PREFIX",
    "LAST_USED_PRECISION",
    "IdempotencyConflict",
    "IdempotencyMismatch",
    "api_key_create",
    "api_key_hash",
    "api_key_issue",
    "api_key_revoke",
    "api_key_rotate",
    "api_key_touch",
    "idempotency_begin",
    "idempotency_complete",
    "idempotency_keys_purge",
    "idempotency_release",
    "invitation_get_or_create",
]
