"""The request id: one id that follows a request into the tasks, deliveries and messages it causes.

Kept in a contextvar, so it is right per thread and per asyncio task. The middleware takes it from
the `X-Request-ID` request header when well formed (1-128 characters of A-Z a-z 0-9 . _ -), else
makes a new one, and sets it on every response; Celery carries it in task headers (core.observability.celery).
"""

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,128}")

access_logger = logging.getLogger("recruitment.access")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def is_well_formed(value: str | None) -> bool:
    return bool(value) and _WELL_FORMED.fullmatch(value) is not None


def get_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str | None) -> contextvars.Token:
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token) -> None:
    _request_id.reset(token)


class RequestIdMiddleware:
    """First in the chain, so that every response carries the id, errors and redirects included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get(META_KEY)
        request_id = incoming if is_well_formed(incoming) else new_request_id()
        request.request_id = request_id
        token = set_request_id(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            access_logger.info(
                "%s %s %s %.1f ms",
                request.method,
                request.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
        finally:
            reset_request_id(token)
        response[HEADER] = request_id
        return response
