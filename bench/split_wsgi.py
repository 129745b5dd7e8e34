"""The alternative measured against recruitment/browser_middleware.py: a separate WSGI entry.

Requests under /api/ and /telegram/ go to a second Django handler whose middleware list holds only
what a machine path needs and whose URLconf holds only the API and the webhook; everything else goes
to the project's handler. Same gunicorn, one process: `gunicorn split_wsgi:application` with bench/
on the path (bench/api_http.py --split). The API-only middleware keeps the answers identical (the
same English, Vary and CSP headers as recruitment.browser_middleware does on machine paths).
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")

from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application
from django.test.utils import override_settings
from django.urls import include, path

project = get_wsgi_application()


def _machine_path_test():
    from recruitment.browser_middleware import is_machine_path  # once Django is set up

    return is_machine_path


is_machine_path = _machine_path_test()

API_MIDDLEWARE = [
    "core.observability.request_id.RequestIdMiddleware",
    "core.observability.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "recruitment.browser_middleware.CSPMiddleware",
    "onef_api.middleware.ApiBodyLimitMiddleware",
    "recruitment.browser_middleware.SessionMiddleware",  # on machine paths: Vary: Cookie only
    "recruitment.browser_middleware.LocaleMiddleware",  # on machine paths: English, no lookup
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "split_wsgi.ApiUrlconf",
]


class ApiUrlconf:
    """Last: the request resolves against the API-only URLconf below."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.urlconf = __name__
        return self.get_response(request)


def _events_feed():
    from onef_api.urls import both
    from recruitment.urls import events_feed_view

    return both("api/onef/events", events_feed_view, "onef-events")


urlpatterns = [
    *_events_feed(),
    path("api/onef/", include("onef_api.urls")),
    path("telegram/", include("telegram_bot.webhook.urls")),
]


class ApiHandler(WSGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        with override_settings(MIDDLEWARE=API_MIDDLEWARE):
            super().load_middleware(is_async)


api = ApiHandler()


def application(environ, start_response):
    handler = api if is_machine_path(environ.get("PATH_INFO", "")) else project
    return handler(environ, start_response)
