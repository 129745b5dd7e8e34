from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AutomationConfig(AppConfig):
    name = "automation"
    verbose_name = _("Automation and reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from automation import receivers  # noqa: F401  (stage entries record rule runs)
