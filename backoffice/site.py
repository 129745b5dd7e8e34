"""The back-office's admin site: titles, the HR dashboard on the index, a rate-limited login, and
the two-factor gate in front of every admin view (backoffice/two_factor)."""

from collections.abc import Callable
from functools import wraps

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from backoffice.dashboard import dashboard_context
from backoffice.login_limit import rate_limited_login
from backoffice.two_factor import two_factor_redirect
from backoffice.two_factor import views as two_factor_views


class BackofficeSite(admin.AdminSite):
    site_header = "Recruitment back-office"
    site_title = "Recruitment back-office"
    index_title = "Dashboard"

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        context = {**dashboard_context(request.user), **(extra_context or {})}
        return super().index(request, context)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        return rate_limited_login(super().login)(request, extra_context)

    def admin_view(self, view: Callable, cacheable: bool = False) -> Callable:
        """Every admin view: the staff check first (Django's), then the two-factor gate."""

        @wraps(view)
        def gated(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            return two_factor_redirect(request) or view(request, *args, **kwargs)

        return super().admin_view(gated, cacheable)

    def get_urls(self) -> list[URLPattern]:
        # Staff only, but not behind the gate: these pages are how one passes it.
        staff = super().admin_view
        return [
            path("2fa/setup/", staff(self.two_factor_setup), name="two-factor-setup"),
            path("2fa/verify/", staff(self.two_factor_verify), name="two-factor-verify"),
            *super().get_urls(),
        ]

    def two_factor_setup(self, request: HttpRequest) -> HttpResponse:
        return two_factor_views.setup(self, request)

    def two_factor_verify(self, request: HttpRequest) -> HttpResponse:
        return two_factor_views.verify(self, request)
