from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    default = True
    name = "backoffice"
    verbose_name = _("Back-office")

    def ready(self) -> None:
        from backoffice.preferences import remember_language_at_login

        user_logged_in.connect(remember_language_at_login, dispatch_uid="backoffice_language_at_login")


class BackofficeAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the back-office's site as `admin.site`."""

    default = False
    default_site = "backoffice.site.BackofficeSite"
