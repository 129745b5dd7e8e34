"""The back-office's admin site: titles, the HR dashboard on the index, a rate-limited login,
each user's language, and the two-factor gate in front of every admin view (backoffice/two_factor)."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from backoffice import hh_publish, hh_setup, preferences, reports
from backoffice.dashboard import dashboard_context
from backoffice.login_limit import rate_limited_login
from backoffice.titles import titled
from backoffice.two_factor import two_factor_redirect
from backoffice.two_factor import views as two_factor_views
from backoffice.two_factor.gate import next_url
from core.languages import Language


class BackofficeSite(admin.AdminSite):
    site_header = _("Recruitment back-office")
    site_title = _("Recruitment back-office")
    index_title = _("Dashboard")

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        """Every model admin gets titles that read right in Russian (backoffice/titles.py)."""
        super().register(model_or_iterable, titled(admin_class or admin.ModelAdmin), **options)

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        from backoffice.recent import my_recent_history  # imports backoffice.admin, which needs this site

        context = {
            **dashboard_context(request.user),
            "my_history": my_recent_history(request.user),
            **(extra_context or {}),
        }
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
            path("language/", staff(self.language_view), name="language"),
            *self._hh_urls(),
            path("reports/", self.admin_view(lambda r: reports.reports_view(self, r)), name="reports"),
            path(
                "reports/export.<str:kind>",
                self.admin_view(lambda r, kind: reports.reports_export_view(self, r, kind)),
                name="reports-export",
            ),
            *super().get_urls(),
        ]

    def _hh_urls(self) -> list[URLPattern]:
        view = self.admin_view
        return [
            path("hh/", view(lambda r: hh_setup.setup_view(self, r)), name="hh-setup"),
            path("hh/connect/", view(lambda r: hh_setup.connect_view(self, r)), name="hh-connect"),
            path("hh/callback/", view(lambda r: hh_setup.callback_view(self, r)), name="hh-callback"),
            path("hh/disconnect/", view(lambda r: hh_setup.disconnect_view(self, r)), name="hh-disconnect"),
            path(
                "hh/subscription/", view(lambda r: hh_setup.subscribe_view(self, r)), name="hh-subscription"
            ),
            path("hh/link/", view(lambda r: hh_setup.link_view(self, r)), name="hh-link"),
            path(
                "hh/publish/<int:vacancy_id>/",
                view(lambda r, vacancy_id: hh_publish.publish_view(self, r, vacancy_id)),
                name="hh-publish",
            ),
            path(
                "hh/vacancies/<int:link_id>/",
                view(lambda r, link_id: hh_setup.vacancy_action_view(self, r, link_id)),
                name="hh-vacancy",
            ),
            path(
                "hh/actions/<int:action_id>/retry/",
                view(lambda r, action_id: hh_setup.retry_view(self, r, action_id)),
                name="hh-action-retry",
            ),
        ]

    def two_factor_setup(self, request: HttpRequest) -> HttpResponse:
        return two_factor_views.setup(self, request)

    def two_factor_verify(self, request: HttpRequest) -> HttpResponse:
        return two_factor_views.verify(self, request)

    def language_view(self, request: HttpRequest) -> HttpResponse:
        """The header's switcher: store the user's language, and set the cookie for this browser."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        language = request.POST.get("language", "")
        response = HttpResponseRedirect(next_url(request))
        if language not in Language.values:
            return response
        preferences.user_language_set(user=request.user, language=language)
        request.session[preferences.SESSION_KEY] = language
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
