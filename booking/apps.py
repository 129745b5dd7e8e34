from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    """The candidate's booking page (`/book/<token>/`), also opened as a Telegram Mini App."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "booking"
    verbose_name = _("Interview booking")
