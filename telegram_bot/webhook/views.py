"""The endpoint Telegram posts each update to in webhook mode (any web process behind the balancer).

It checks the secret Telegram sends (`X-Telegram-Bot-Api-Secret-Token`, set with setWebhook), stores
the update in the inbox and answers 200 only once that is committed: Telegram sends an update again
until it gets a 2xx, so a database error answers a plain 503 and loses nothing. A redelivered update
is stored once. Celery workers handle it after the commit (`messaging.inbox`). No session, no CSRF,
no template: the path stays light (it is under /telegram/, outside the admin and the browser pages).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from messaging.telegram_inbox import telegram_update_receive, telegram_webhook_mode
from messaging.webhook_endpoint import MessengerWebhook


def _has_update_id(update: dict) -> bool:
    update_id = update.get("update_id")
    return isinstance(update_id, int) and not isinstance(update_id, bool)


TELEGRAM = MessengerWebhook(
    messenger="Telegram",
    secret_header="HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN",  # set with setWebhook's secret_token
    secret=lambda: settings.TELEGRAM_WEBHOOK_SECRET,
    is_on=telegram_webhook_mode,
    off="The Telegram webhook is off (TELEGRAM_MODE is not webhook).",
    is_update=_has_update_id,
    bad_update="The body must be a JSON Telegram Update with an integer update_id.",
    store=lambda update: telegram_update_receive(payload=update),
    described=lambda update: f"Telegram update {update['update_id']}",
)


@csrf_exempt
@require_POST
def telegram_webhook(request: HttpRequest) -> HttpResponse:
    return TELEGRAM.answer(request)
