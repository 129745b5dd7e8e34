"""The endpoint MAX posts each update to in webhook mode (POST /subscriptions registered it).

It checks the secret MAX sends back in `X-Max-Bot-Api-Secret`, stores the update in the inbox and
answers 200 only once that is committed; a database error answers 503 so that MAX sends it again.
Celery workers handle it after the commit, each chat in order (messaging.inbox). No session, no CSRF.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from max_bot.inbox import max_update_receive, max_webhook_mode
from messaging.webhook_endpoint import MessengerWebhook

MAX = MessengerWebhook(
    messenger="MAX",
    secret_header="HTTP_X_MAX_BOT_API_SECRET",
    secret=lambda: settings.MAX_WEBHOOK_SECRET,  # empty only in DEBUG (recruitment/max_settings.py)
    is_on=max_webhook_mode,
    off="The MAX webhook is off (MAX_MODE is not webhook, or MAX_BOT_TOKEN is not set).",
    is_update=lambda update: isinstance(update.get("update_type"), str),
    bad_update="The body must be a JSON MAX Update with an update_type.",
    store=lambda update: max_update_receive(payload=update),
    described=lambda update: "a MAX update",
)


@csrf_exempt
@require_POST
def max_webhook(request: HttpRequest) -> HttpResponse:
    return MAX.answer(request)
