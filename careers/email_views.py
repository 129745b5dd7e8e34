"""E-mail's public doors: the unsubscribe page an e-mail links to (and mail clients' one-click
unsubscribe, RFC 8058), and the inbound webhook a mail provider posts received e-mail to."""

import hashlib
import hmac
import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from messaging.channels import channel_unsubscribe
from messaging.email_inbound import MAX_RAW_BYTES, email_inbound_handle
from messaging.selectors import channel_by_reply_token

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "HTTP_X_EMAIL_SIGNATURE"


@csrf_exempt  # the token in the address is the credential; mail clients post without a session
@require_http_methods(["GET", "POST"])
def email_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    channel = channel_by_reply_token(token=token)
    if channel is None:
        raise Http404
    if request.method == "POST":
        channel = channel_unsubscribe(reply_token=token)
    context = {"company": settings.COMPANY_NAME, "channel": channel, "token": token}
    return render(request, "careers/unsubscribe.html", context)


def _plain(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _signed(request: HttpRequest, body: bytes) -> bool:
    secret = settings.EMAIL_INBOUND_SECRET.encode()
    bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if bearer and hmac.compare_digest(bearer.encode(), secret):
        return True
    presented = request.META.get(SIGNATURE_HEADER, "").removeprefix("sha256=").strip()
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return bool(presented) and hmac.compare_digest(presented, expected)


@csrf_exempt
@require_POST
def email_inbound_webhook(request: HttpRequest) -> HttpResponse:
    """One received e-mail, raw (RFC 5322) in the body, signed with EMAIL_INBOUND_SECRET. 200 once
    stored (or recognised as not a candidate's); 503 when it could not be stored, so the provider
    posts it again (a repeat is stored once)."""
    if settings.EMAIL_INBOUND_MODE != "webhook" or not settings.EMAIL_INBOUND_SECRET:
        return _plain(404, "Not found.")
    body = request.read(MAX_RAW_BYTES + 1)
    if len(body) > MAX_RAW_BYTES:
        return _plain(413, "The e-mail is too large.")
    if not _signed(request, body):
        return _plain(403, "Bad signature.")
    if not body.strip():
        return _plain(400, "The body must be the raw e-mail.")
    try:
        handled = email_inbound_handle(raw=body)
    except DatabaseError:
        logger.warning("Inbound e-mail not stored: database error", exc_info=True)
        return _plain(503, "Try again later.")
    return _plain(200, handled.result)
