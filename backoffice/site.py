"""The back-office's admin site: titles, the HR dashboard on the index, a rate-limited login."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from backoffice.dashboard import dashboard_context
from backoffice.login_limit import rate_limited_login


class BackofficeSite(admin.AdminSite):
    site_header = "Recruitment back-office"
    site_title = "Recruitment back-office"
    index_title = "Dashboard"

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        context = {**dashboard_context(request.user), **(extra_context or {})}
        return super().index(request, context)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        return rate_limited_login(super().login)(request, extra_context)
