from django.apps import AppConfig
from django.db import connections, transaction
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from tests_app import tallies


def install_tallies(sender, using: str, **kwargs) -> None:
    """After every migrate (and a test database built without migrations): the tally triggers."""
    connection = connections[using]
    if tallies.TALLY in connection.introspection.table_names():
        with transaction.atomic(using=using):
            tallies.install(connection)


class TestsAppConfig(AppConfig):
    name = "tests_app"
    verbose_name = _("Technical tests")

    def ready(self) -> None:
        from messaging.templating import register_context_provider  # needs the app registry
        from tests_app.template_context import test_url_context

        register_context_provider(test_url_context)
        post_migrate.connect(install_tallies, sender=self, dispatch_uid="tests_app_install_tallies")
