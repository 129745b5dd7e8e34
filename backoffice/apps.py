from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import apps as otp_totp_apps


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

    def ready(self) -> None:
        super().ready()  # autodiscovers every app's admin module
        from django.contrib import admin

        from backoffice.admin.authenticators import authenticator_admin_register

        authenticator_admin_register(admin.site)


class TwoFactorConfig(otp_totp_apps.DefaultConfig):
    """django-otp's TOTP plugin with a verbose name HR reads (content types, permissions)."""

    default = False
    verbose_name = _("Two-factor authentication")
