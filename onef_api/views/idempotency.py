"""The view side of `Idempotency-Key`: read the header, replay or refuse, run the handler with its
effect and the stored response in one transaction (see onef_api.services.idempotency)."""

import json
from functools import partial

from django.db import transaction
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from onef_api.exceptions import Conflict
from onef_api.models import ApiKey, IdempotencyRecord
from onef_api.ratelimit import client_key
from onef_api.services import idempotency as service

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# Headers of the first response that a replay repeats (the rest are per response: rate limit, date).
KEPT_HEADERS = ("Location",)


class IdempotencyMismatch(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


class Replay(Exception):
    """Raised from `initial` to answer with the stored response instead of running the handler."""

    def __init__(self, record: IdempotencyRecord):
        self.record = record


def presented_key(request: Request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > service.MAX_KEY_LENGTH:
        raise exceptions.ValidationError(
            {HEADER: [f"Must be 1 to {service.MAX_KEY_LENGTH} characters (a UUID is a good key)."]}
        )
    return key


def begin(request: Request) -> IdempotencyRecord | None:
    """The new record of this request, None without the header; raises Replay, 409 or 422."""
    key = presented_key(request)
    if key is None:
        return None
    fingerprint = service.request_fingerprint(method=request.method, path=request.path, data=request.data)
    api_key = request.auth if isinstance(request.auth, ApiKey) else None
    try:
        record, new = service.idempotency_begin(
            client=client_key(request), key=key, request_hash=fingerprint, api_key=api_key
        )
    except service.IdempotencyMismatch:
        raise IdempotencyMismatch(
            f"This {HEADER} was already used with a different request (method, path or body). "
            "Use a new key for a new request."
        ) from None
    except service.IdempotencyConflict:
        raise Conflict(
            f"A request with this {HEADER} is still being processed. Retry after it has finished."
        ) from None
    if not new:
        raise Replay(record)
    return record


def replayed(record: IdempotencyRecord) -> Response:
    headers = {**record.response_headers, REPLAYED_HEADER: "true"}
    return Response(json.loads(record.response_body), status=record.response_status, headers=headers)


def run(record: IdempotencyRecord, handler, request: Request, *args, **kwargs) -> Response:
    """Run the handler; a 2xx response is stored in the same transaction as its effect."""
    try:
        with transaction.atomic():
            response = handler(request, *args, **kwargs)
            if status.is_success(response.status_code):
                service.idempotency_complete(
                    record=record,
                    status=response.status_code,
                    body=json.dumps(response.data, cls=JSONEncoder),
                    headers={name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
                )
                return response
    except BaseException:
        service.idempotency_release(record=record)
        raise
    service.idempotency_release(record=record)
    return response


def wrap(view, record: IdempotencyRecord) -> None:
    """Make the view's POST handler run under this record (an instance attribute shadows the method)."""
    view.post = partial(run, record, type(view).post.__get__(view))
