"""Rate limit on the admin login against password guessing: ADMIN_LOGIN_RATE failed logins per IP.

Only failures count, so a team behind one office IP is not locked out by its own daily logins.
The counter lives in the shared cache (Redis in production, a file cache without REDIS_URL). If
the cache is down the login stays open and the outage is logged: locking HR out is worse.
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)
LOGIN_GROUP = "admin-login"


def _failed_logins(request: HttpRequest, *, increment: bool) -> dict | None:
    try:
        return get_usage(
            request, group=LOGIN_GROUP, key="ip", rate=settings.ADMIN_LOGIN_RATE, increment=increment
        )
    except Exception:
        logger.warning("Admin login rate limit unavailable (cache error); login left open", exc_info=True)
        return None


def rate_limited_login(login_view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(login_view)
    def login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if request.method == "POST":
            usage = _failed_logins(request, increment=False)
            if usage and usage["count"] >= usage["limit"]:
                retry_after = max(int(usage["time_left"]), 1)
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
            _failed_logins(request, increment=True)
        return response

    return login
