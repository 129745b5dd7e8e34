"""The test page opened as a Telegram Mini App needs Telegram's script and Telegram Web's frame."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

TELEGRAM_SCRIPT_ORIGIN = "https://telegram.org"
# Telegram Web (the browser client) shows a Mini App in an iframe; the phone apps use a web view.
TELEGRAM_WEB_ORIGINS = ["https://web.telegram.org"]


def is_mini_app(request: HttpRequest) -> bool:
    """Opened from the invitation's web_app button (`?via=telegram`)."""
    return request.GET.get("via") == "telegram"


def _is_mini_app_page(request: HttpRequest) -> bool:
    match = request.resolver_match
    return (
        request.method == "GET"
        and is_mini_app(request)
        and match is not None
        and match.namespace == "tests_app"
        and match.url_name == "page"
    )


class TelegramMiniAppPolicyMiddleware:
    """Loosens the page policy only for the Mini App page: the normal test page stays CDN-free."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _is_mini_app_page(request):
            response._csp_update = {"script-src": [TELEGRAM_SCRIPT_ORIGIN]}
            response._csp_replace = {"frame-ancestors": TELEGRAM_WEB_ORIGINS}
            response.xframe_options_exempt = True
        return response
