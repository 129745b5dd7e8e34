from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from candidates import tallies
from core.tallies import tally_installer


def _install_search(sender, using: str = "default", **kwargs) -> None:
    from candidates.search_sql import search_install

    search_install(connections[using])


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates and vacancies")

    def ready(self) -> None:
        from candidates import duplicate_tasks  # noqa: F401  (a stored CV's text is checked for duplicates)
        from candidates.screening import receivers  # noqa: F401  (connects the screening to the services)

        # Test databases are built without migrations: the triggers come after any migrate.
        post_migrate.connect(_install_search, sender=self, dispatch_uid="candidates_search_install")
        post_migrate.connect(
            tally_installer(tallies.TALLIES),
            sender=self,
            weak=False,
            dispatch_uid="candidates_install_tallies",
        )
