"""The test page opened as a Telegram Mini App (`?via=telegram`, the invitation's web_app button):
the page posts Telegram's signed initData here, the server checks it and binds the attempt."""

from django.http import HttpRequest, HttpResponse, JsonResponse

from messaging.webapp import InvalidInitData, init_data_user
from tests_app.models import Attempt
from tests_app.services.telegram import OtherTelegramUser, attempt_bind_telegram_user
from tests_app.views import _json_body, token_endpoint


@token_endpoint
def telegram_bind(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    init_data = _json_body(request).get("init_data")
    try:
        user = init_data_user(init_data if isinstance(init_data, str) else "")
        attempt_bind_telegram_user(attempt=attempt, telegram_user_id=user["id"])
    except InvalidInitData as error:
        return JsonResponse({"error": str(error)}, status=403)
    except OtherTelegramUser as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=403)
    return JsonResponse({"bound": True, "user": {"id": user["id"], "first_name": user.get("first_name", "")}})
