"""Rate limit on the admin login against password guessing: ADMIN_LOGIN_RATE failed logins per IP.

Only failures count, so a team behind one office IP is not locked out by its own daily logins.
The counter lives in the shared cache (Redis in production, a file cache without REDIS_URL). If
the cache is down the login stays open and the outage is logged: locking HR out is worse.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.ip_limit import IpLimit

FAILED_LOGINS = IpLimit(
    group="admin-login",
    rate_setting="ADMIN_LOGIN_RATE",
    when_down="Admin login rate limit unavailable (cache error); login left open",
)


def rate_limited_login(login_view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(login_view)
    def login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if request.method == "POST":
            retry_after = FAILED_LOGINS.retry_after(request)
            if retry_after is not None:
                response = TemplateResponse(
                    request,
                    "admin/login_rate_limited.html",
                    {"title": _("Too many failed logins"), "retry_after": retry_after},
                    status=429,
                )
                response["Retry-After"] = str(retry_after)
                return response
        response = login_view(request, extra_context)
        # A failed login re-renders the form; a successful one redirects.
        if request.method == "POST" and response.status_code == 200:
            FAILED_LOGINS.count(request)
        return response

    return login
