"""The endpoint Telegram posts each update to in webhook mode (any web process behind the balancer).

It checks the secret Telegram sends (`X-Telegram-Bot-Api-Secret-Token`, set with setWebhook), stores
the update in the inbox and answers 200 only once that is committed: Telegram sends an update again
until it gets a 2xx, so a database error answers a plain 503 and loses nothing. A redelivered update
is stored once. Celery workers handle it after the commit (`messaging.inbox`). No session, no CSRF,
no template: the path stays light (it is under /telegram/, outside the admin and the browser pages).
"""

import hmac
import json
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from messaging.telegram_inbox import telegram_update_receive, telegram_webhook_mode

logger = logging.getLogger(__name__)

# An update is a few kilobytes (a 4096-character text and its entities); files come by reference.
MAX_UPDATE_BYTES = 1024 * 1024
SECRET_HEADER = "HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN"


def _plain(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _secret_matches(request: HttpRequest) -> bool:
    expected = settings.TELEGRAM_WEBHOOK_SECRET
    if not expected:  # allowed in DEBUG only (settings); the registration warns about it
        return True
    presented = request.META.get(SECRET_HEADER, "")
    return hmac.compare_digest(presented.encode(), expected.encode())


def _too_large(request: HttpRequest) -> bool:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    return declared > MAX_UPDATE_BYTES or len(request.body) > MAX_UPDATE_BYTES


def _update_of(body: bytes) -> dict | None:
    """The update as a JSON object with an integer update_id, or None."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict):
        return None
    update_id = payload.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return None
    return payload


@csrf_exempt
@require_POST
def telegram_webhook(request: HttpRequest) -> HttpResponse:
    if not telegram_webhook_mode():
        return _plain(404, "The Telegram webhook is off (TELEGRAM_MODE is not webhook).")
    if not _secret_matches(request):
        return _plain(403, "Wrong or missing X-Telegram-Bot-Api-Secret-Token.")
    if _too_large(request):
        return _plain(413, "An update is at most 1 MB.")
    update = _update_of(request.body)
    if update is None:
        return _plain(400, "The body must be a JSON Telegram Update with an integer update_id.")
    try:
        telegram_update_receive(payload=update)
    except DatabaseError as error:
        logger.warning(
            "Could not store Telegram update %s (%s); Telegram sends it again",
            update["update_id"],
            type(error).__name__,
        )
        return _plain(503, "The update could not be stored; send it again.")
    return _plain(200, "ok")
