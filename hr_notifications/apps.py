from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HRNotificationsConfig(AppConfig):
    name = "hr_notifications"
    verbose_name = _("HR notifications")

    def ready(self) -> None:
        from hr_notifications import receivers  # noqa: F401  (connects the receivers)
