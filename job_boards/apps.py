from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobBoardsConfig(AppConfig):
    name = "job_boards"
    verbose_name = _("Job boards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from job_boards import receivers  # noqa: F401  (stage changes go back to hh.ru)
