from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core.tallies import tally_installer


class TestsAppConfig(AppConfig):
    name = "tests_app"
    verbose_name = _("Technical tests")

    def ready(self) -> None:
        from messaging.templating import register_context_provider  # needs the app registry
        from tests_app import tallies  # its SQL names the finished statuses of the models
        from tests_app.template_context import test_url_context

        register_context_provider(test_url_context)
        post_migrate.connect(
            tally_installer(tallies.TALLIES),
            sender=self,
            weak=False,
            dispatch_uid="tests_app_install_tallies",
        )
