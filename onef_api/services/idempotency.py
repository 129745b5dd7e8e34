"""`Idempotency-Key` on POST, by Stripe's rules.

The first request with a key records it as in flight (committed at once, so a concurrent retry sees
it and gets a 409). Its effect and the stored response commit together (the view runs the handler in
one transaction with `idempotency_complete`), so a crash leaves no effect without its record. The
same key and the same request within IDEMPOTENCY_TTL replays the stored response; the same key with
another request is refused. Only 2xx responses are stored: an error releases the key.
"""

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from onef_api.models import ApiKey, IdempotencyRecord, IdempotencyStatus

IDEMPOTENCY_TTL = dt.timedelta(hours=24)
# An in-flight record older than this belongs to a request that died (its effect rolled back with
# it): a retry may take it over.
IN_FLIGHT_TIMEOUT = dt.timedelta(minutes=5)
MAX_KEY_LENGTH = 255


class IdempotencyConflict(Exception):
    """A request with this key is still in flight."""


class IdempotencyMismatch(Exception):
    """This key was used for a different request."""


def request_fingerprint(*, method: str, path: str, data: Any) -> str:
    """SHA-256 of the method, the path (without a trailing slash) and the parsed body, keys sorted."""
    body = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{method.upper()} {path.rstrip('/')}\n{body}".encode()).hexdigest()


def _outdated(record: IdempotencyRecord, now: dt.datetime) -> bool:
    if record.created_at <= now - IDEMPOTENCY_TTL:
        return True
    return record.status == IdempotencyStatus.IN_FLIGHT and record.updated_at <= now - IN_FLIGHT_TIMEOUT


def idempotency_begin(
    *, client: str, key: str, request_hash: str, api_key: ApiKey | None = None, now: dt.datetime | None = None
) -> tuple[IdempotencyRecord, bool]:
    """Record the key as in flight. Returns (record, True) for a new request, (record, False) for a
    replay of a completed one; raises IdempotencyMismatch or IdempotencyConflict."""
    now = now or timezone.now()
    for _ in range(3):  # a concurrent purge or take-over can remove the row between the two reads
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    client=client, key=key, request_hash=request_hash, api_key=api_key
                )
            return record, True
        except IntegrityError:
            record = IdempotencyRecord.objects.filter(client=client, key=key).first()
        if record is None:
            continue
        if _outdated(record, now):
            IdempotencyRecord.objects.filter(pk=record.pk, updated_at=record.updated_at).delete()
            continue
        if record.request_hash != request_hash:
            raise IdempotencyMismatch(key)
        if record.status == IdempotencyStatus.IN_FLIGHT:
            raise IdempotencyConflict(key)
        return record, False
    raise IdempotencyConflict(key)


def idempotency_complete(
    *, record: IdempotencyRecord, status: int, body: str, headers: dict[str, str]
) -> None:
    """Store the response; call it in the transaction of the request's effect."""
    record.status = IdempotencyStatus.COMPLETED
    record.response_status, record.response_body, record.response_headers = status, body, headers
    record.save(
        update_fields=["status", "response_status", "response_body", "response_headers", "updated_at"]
    )


def idempotency_release(*, record: IdempotencyRecord) -> None:
    """Forget an in-flight key whose request failed, so that a retry runs it again."""
    IdempotencyRecord.objects.filter(pk=record.pk, status=IdempotencyStatus.IN_FLIGHT).delete()


def idempotency_keys_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the records older than IDEMPOTENCY_TTL (beat). Returns how many went."""
    cutoff = (now or timezone.now()) - IDEMPOTENCY_TTL
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
