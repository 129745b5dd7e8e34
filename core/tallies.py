"""Counters kept by database triggers: each app's `tallies` module (TALLY, install) is installed after
every migrate, so a test database built without migrations has them too."""

from collections.abc import Callable
from types import ModuleType

from django.db import connections, transaction


def tally_installer(tallies: ModuleType) -> Callable[..., None]:
    """A post_migrate receiver installing `tallies` (connect it with weak=False: it is a closure)."""

    def install_tallies(sender, using: str, **kwargs) -> None:
        connection = connections[using]
        if tallies.TALLY in connection.introspection.table_names():
            with transaction.atomic(using=using):
                tallies.install(connection)

    return install_tallies
