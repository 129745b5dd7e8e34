from django.apps import AppConfig
from django.db import connections, transaction
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from candidates import tallies


def _install_search(sender, using: str = "default", **kwargs) -> None:
    from candidates.search_sql import search_install

    search_install(connections[using])


def install_tallies(sender, using: str, **kwargs) -> None:
    """After every migrate (and a test database built without migrations): the tally triggers."""
    connection = connections[using]
    if tallies.TALLY in connection.introspection.table_names():
        with transaction.atomic(using=using):
            tallies.install(connection)


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates and vacancies")

    def ready(self) -> None:
        # Test databases are built without migrations: the triggers come after any migrate.
        post_migrate.connect(_install_search, sender=self, dispatch_uid="candidates_search_install")
        post_migrate.connect(install_tallies, sender=self, dispatch_uid="candidates_install_tallies")
