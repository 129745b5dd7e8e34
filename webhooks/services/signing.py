"""The signed POST of one event, per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)."""

import datetime as dt
import json

from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from webhooks.models import Endpoint, Event

USER_AGENT = "recruitment-webhooks/1.0"


def signed_request(
    *, endpoint: Endpoint, event: Event, now: dt.datetime | None = None
) -> tuple[dict[str, str], bytes]:
    """The headers and body of one POST, signed per Standard Webhooks when the endpoint has a secret."""
    now = now or timezone.now()
    body = json.dumps(event.payload, ensure_ascii=False, separators=(",", ":"))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": str(event.id),
        "webhook-timestamp": str(int(now.timestamp())),
    }
    if endpoint.secret:
        headers["webhook-signature"] = endpoint_signer(endpoint.secret).sign(
            msg_id=str(event.id), timestamp=now.astimezone(dt.UTC), data=body
        )
    return headers, body.encode("utf-8")


def endpoint_signer(secret: str) -> Webhook:
    """The library's signer; a secret that is not base64 (whsec_...) is used as raw bytes."""
    try:
        return Webhook(secret)
    except Exception:
        return Webhook(secret.encode("utf-8"))
