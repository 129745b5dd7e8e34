"""The signed POST of one event, per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)."""

import datetime as dt
import json

from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from webhooks.models import Endpoint, Event
from webhooks.payloads import in_spec_order, iso_utc

USER_AGENT = "recruitment-webhooks/1.0"
# Ordering headers (docs/webhooks.md): when the event happened (not when this attempt was sent), and
# the event's number among the events of its candidate (1, 2, 3..., in commit order).
EVENT_TIME_HEADER = "webhook-event-time"
SEQUENCE_HEADER = "webhook-candidate-sequence"


def signed_request(
    *, endpoint: Endpoint, event: Event, now: dt.datetime | None = None
) -> tuple[dict[str, str], bytes]:
    """The headers and body of one POST, signed per Standard Webhooks when the endpoint has a secret."""
    now = now or timezone.now()
    body = json.dumps(in_spec_order(event.payload), ensure_ascii=False, separators=(",", ":"))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": str(event.id),
        "webhook-timestamp": str(int(now.timestamp())),
        EVENT_TIME_HEADER: iso_utc(event.created_at),
    }
    if event.sequence is not None:
        headers[SEQUENCE_HEADER] = str(event.sequence)
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
