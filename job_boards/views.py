"""hh.ru's webhook endpoint: hh posts a notification; we check the secret in our URL (hh.ru does not
sign), store it once and answer at once; its import runs in a task after commit."""

import hmac
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from job_boards.services.notifications import BadNotification, hh_notification_receive

MAX_BODY = 64 * 1024


@csrf_exempt
@require_POST
def hh_webhook(request: HttpRequest, secret: str) -> HttpResponse:
    expected = settings.HH_WEBHOOK_SECRET
    if not settings.HH_ENABLED or not expected:
        return JsonResponse({"error": "hh.ru integration is off"}, status=404)
    if not hmac.compare_digest(secret.encode(), expected.encode()):
        return JsonResponse({"error": "forbidden"}, status=403)
    if len(request.body) > MAX_BODY:
        return JsonResponse({"error": "body too large"}, status=413)
    try:
        notification = hh_notification_receive(body=json.loads(request.body or b"null"))
    except (ValueError, BadNotification) as error:
        return JsonResponse(
            {"error": str(error) if isinstance(error, BadNotification) else "invalid JSON"}, status=400
        )
    return JsonResponse({"status": "accepted" if notification else "duplicate"})
