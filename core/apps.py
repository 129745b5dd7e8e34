from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core import checks  # noqa: F401  (registers the project's system checks)

        # The embedded broker, the bot's lock file and whitenoise expect these folders.
        for folder in settings.RUNTIME_DIRS:
            Path(folder).mkdir(parents=True, exist_ok=True)
