"""The browser's middleware, skipped on the paths machines call: the OneF API and Telegram's webhook.

A Bearer-token JSON API has no session, no flash messages, no second factor, no
back-office language and no page that could use a CSP nonce. Each wrapper below sits where the
wrapped middleware sat in `settings.MIDDLEWARE` and runs it unchanged for every other path (the
admin, the careers page, the test pages, the API's Swagger page). On a machine path it only keeps
what the response showed before, so nothing observable changes (tests/recruitment/
test_machine_paths.py compares the two stacks header by header and byte by byte):

- the language: English under /api/ (the API speaks English), the default one under /telegram/
  (Telegram sends no Accept-Language), with `Content-Language` and `Vary: Accept-Language`;
- `Vary: Cookie`, which the user lookup used to add to every response;
- the Content-Security-Policy header, the same policy without a nonce, built once per process.

Kept for every path (not wrapped): the request id, the metrics, SecurityMiddleware's headers, the
API's body limit, WhiteNoise, CommonMiddleware (host validation), X-Frame-Options, and
CsrfViewMiddleware: Django's `check --deploy` looks for it by name, and on these paths it costs
little (the views are CSRF-exempt; it only reads the cookie).
Why wrappers and not a second WSGI entry with an API-only URLconf: see docs/performance.md.
"""

from collections.abc import Callable

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

API_PREFIX = "/api/"
MACHINE_PREFIXES = (API_PREFIX, "/telegram/")
# Under /api/ but pages a person opens in a browser: they keep the whole stack.
BROWSER_PAGES_UNDER_API = ("/api/onef/docs",)

GetResponse = Callable[[HttpRequest], HttpResponse]


def is_machine_path(path: str) -> bool:
    return path.startswith(MACHINE_PREFIXES) and not path.startswith(BROWSER_PAGES_UNDER_API)


class BrowserOnly:
    """Runs `wrapped` (a middleware class) except on machine paths, where `machine` answers instead.

    Django collects `process_view` and the other hooks from the instance, so the wrapper offers the
    wrapped middleware's hooks, each skipped on machine paths.
    """

    wrapped: type
    # Sync like the rest of the stack (gunicorn's sync workers); Django adapts it under ASGI.
    sync_capable = True
    async_capable = False

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.inner = self.wrapped(get_response)
        for hook in ("process_view", "process_exception", "process_template_response"):
            if hasattr(self.inner, hook):
                setattr(self, hook, self._skipping(getattr(self.inner, hook)))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_machine_path(request.path_info):
            return self.machine(request)
        return self.inner(request)

    def machine(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    @staticmethod
    def _skipping(hook: Callable) -> Callable:
        def run(request: HttpRequest, *args):
            return None if is_machine_path(request.path_info) else hook(request, *args)

        return run


def browser_only(dotted_path: str, base: type[BrowserOnly] = BrowserOnly) -> type[BrowserOnly]:
    """The wrapper class of the middleware at `dotted_path`. It subclasses that middleware too, so
    that checks looking for it (the admin's for sessions, auth and messages) still find it; the
    wrapped middleware itself runs as `inner`."""
    wrapped = import_string(dotted_path)
    return type(wrapped.__name__, (base, wrapped), {"wrapped": wrapped, "__module__": __name__})


class _Session(BrowserOnly):
    def machine(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        return response


class _Locale(BrowserOnly):
    def machine(self, request: HttpRequest) -> HttpResponse:
        language = "en" if request.path_info.startswith(API_PREFIX) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response


class _ContentSecurity(BrowserOnly):
    """No nonce on machine paths: the policy is the configured one, built once per configuration."""

    _built_for: object = None
    _policy = ""

    def machine(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response  # as django-csp: Django's debug pages keep their inline scripts
        if CSP_HEADER not in response:
            response[CSP_HEADER] = self._configured_policy()
        return response

    def _configured_policy(self) -> str:
        configured = settings.CONTENT_SECURITY_POLICY
        if configured is not self._built_for:
            self._policy, self._built_for = build_policy(), configured
        return self._policy


SessionMiddleware = browser_only("django.contrib.sessions.middleware.SessionMiddleware", _Session)
LocaleMiddleware = browser_only("django.middleware.locale.LocaleMiddleware", _Locale)
CSPMiddleware = browser_only("csp.middleware.CSPMiddleware", _ContentSecurity)
AuthenticationMiddleware = browser_only("django.contrib.auth.middleware.AuthenticationMiddleware")
OTPMiddleware = browser_only("django_otp.middleware.OTPMiddleware")
UserLanguageMiddleware = browser_only("backoffice.preferences.UserLanguageMiddleware")
MessageMiddleware = browser_only("django.contrib.messages.middleware.MessageMiddleware")
TelegramMiniAppPolicyMiddleware = browser_only("tests_app.middleware.TelegramMiniAppPolicyMiddleware")
