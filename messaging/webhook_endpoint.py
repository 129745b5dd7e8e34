"""What the Telegram and the MAX webhook endpoints share: a messenger posts each update with a secret
header; the update is stored in the inbox and answered 200 only once that is committed, a database
error answers 503 (the messenger sends it again), a bad request a plain 4xx that says why. No session,
no CSRF, no template: the path stays light."""

import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

# An update is a few kilobytes (a 4096-character text and its entities); files come by reference.
MAX_UPDATE_BYTES = 1024 * 1024


def _plain(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _too_large(request: HttpRequest) -> bool:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    return declared > MAX_UPDATE_BYTES or len(request.body) > MAX_UPDATE_BYTES


def _json_object(body: bytes) -> dict | None:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


@dataclass(frozen=True)
class MessengerWebhook:
    messenger: str  # "Telegram", "MAX": in the answers and the log
    secret_header: str  # the request.META key of the header carrying the secret
    secret: Callable[[], str]  # empty: not checked (allowed in DEBUG only, see the settings)
    is_on: Callable[[], bool]
    off: str  # the 404's text: why the endpoint is off
    is_update: Callable[[dict], bool]
    bad_update: str  # the 400's text
    store: Callable[[dict], object]
    described: Callable[[dict], str]  # the update, in the log line of a failed store

    def _secret_matches(self, request: HttpRequest) -> bool:
        expected = self.secret()
        if not expected:
            return True
        return hmac.compare_digest(request.META.get(self.secret_header, "").encode(), expected.encode())

    def answer(self, request: HttpRequest) -> HttpResponse:
        if not self.is_on():
            return _plain(404, self.off)
        if not self._secret_matches(request):
            header = self.secret_header.removeprefix("HTTP_").replace("_", "-").title()
            return _plain(403, f"Wrong or missing {header}.")
        if _too_large(request):
            return _plain(413, "An update is at most 1 MB.")
        update = _json_object(request.body)
        if update is None or not self.is_update(update):
            return _plain(400, self.bad_update)
        try:
            self.store(update)
        except DatabaseError as error:
            logger.warning(
                "Could not store %s (%s); %s sends it again",
                self.described(update),
                type(error).__name__,
                self.messenger,
            )
            return _plain(503, "The update could not be stored; send it again.")
        return _plain(200, "ok")
