from django.apps import AppConfig
from django.db import connections, transaction
from django.db.models.signals import post_migrate

from candidates import tallies


def install_tallies(sender, using: str, **kwargs) -> None:
    """After every migrate (and a test database built without migrations): the tally triggers."""
    connection = connections[using]
    if tallies.TALLY in connection.introspection.table_names():
        with transaction.atomic(using=using):
            tallies.install(connection)


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = "Candidates and vacancies"

    def ready(self) -> None:
        post_migrate.connect(install_tallies, sender=self, dispatch_uid="candidates_install_tallies")
