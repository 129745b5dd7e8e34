"""The endpoint MAX posts each update to in webhook mode (POST /subscriptions registered it).

It checks the secret MAX sends back in `X-Max-Bot-Api-Secret`, stores the update in the inbox and
answers 200 only once that is committed; a database error answers 503 so that MAX sends it again.
Celery workers handle it after the commit, each chat in order (messaging.inbox). No session, no CSRF.
"""

import hmac
import json
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from max_bot.inbox import max_update_receive, max_webhook_mode

logger = logging.getLogger(__name__)

MAX_UPDATE_BYTES = 1024 * 1024
SECRET_HEADER = "HTTP_X_MAX_BOT_API_SECRET"


def _plain(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _secret_matches(request: HttpRequest) -> bool:
    expected = settings.MAX_WEBHOOK_SECRET
    if not expected:  # allowed in DEBUG only (recruitment/max_settings.py)
        return True
    return hmac.compare_digest(request.META.get(SECRET_HEADER, "").encode(), expected.encode())


def _update_of(body: bytes) -> dict | None:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("update_type"), str):
        return None
    return payload


@csrf_exempt
@require_POST
def max_webhook(request: HttpRequest) -> HttpResponse:
    if not max_webhook_mode():
        return _plain(404, "The MAX webhook is off (MAX_MODE is not webhook, or MAX_BOT_TOKEN is not set).")
    if not _secret_matches(request):
        return _plain(403, "Wrong or missing X-Max-Bot-Api-Secret.")
    if (
        int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPDATE_BYTES
        or len(request.body) > MAX_UPDATE_BYTES
    ):
        return _plain(413, "An update is at most 1 MB.")
    update = _update_of(request.body)
    if update is None:
        return _plain(400, "The body must be a JSON MAX Update with an update_type.")
    try:
        max_update_receive(payload=update)
    except DatabaseError as error:
        logger.warning("Could not store a MAX update (%s); MAX sends it again", type(error).__name__)
        return _plain(503, "The update could not be stored; send it again.")
    return _plain(200, "ok")
