"""What the back-office keeps about its own users (HR): their preferences."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.languages import Language
from core.models import TimeStampedModel


class UserPreference(TimeStampedModel):
    """One HR user's settings. `language` empty: follow the browser (Accept-Language)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="backoffice_preference",
        verbose_name=_("user"),
    )
    language = models.CharField(
        max_length=2, choices=Language.choices, blank=True, verbose_name=_("language")
    )

    class Meta:
        ordering = ["user_id"]
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.language or '-'}"


class AuthenticatorDevice(TOTPDevice):
    """django-otp's TOTP device under a name HR reads (the admin shows this proxy instead)."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
