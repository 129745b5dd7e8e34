"""Two-factor devices in the back-office under Russian names: django-otp registers its TOTPDevice
admin with English names ("OTP_TOTP", "TOTP devices"); the site shows our proxy instead."""

from django.contrib import admin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.models import AuthenticatorDevice


def authenticator_admin_register(site: admin.AdminSite) -> None:
    """Called once every app's admin module is loaded (django-otp's comes after ours)."""
    if site.is_registered(TOTPDevice):
        site.unregister(TOTPDevice)
    if not site.is_registered(AuthenticatorDevice):
        site.register(AuthenticatorDevice, TOTPDeviceAdmin)
