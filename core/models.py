"""Building blocks every app shares. This module imports no project app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, db_index=True, verbose_name=_("updated at"))

    class Meta:
        abstract = True


class Tally(models.Model):
    """An exact count kept by database triggers (PostgreSQL), split over a few `shard` rows so that
    concurrent transactions seldom wait for one another: the count of `name` is the sum of its rows.

    The triggers count in the same transaction as the change, whatever wrote it (services, the
    admin, cascades, bulk COPY), so a tally is never stale; a reader sums a handful of rows instead
    of counting a million. Other databases have no triggers: their selectors count the tables.
    """

    name = models.CharField(max_length=64)
    shard = models.PositiveSmallIntegerField()
    value = models.BigIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name}[{self.shard}] = {self.value}"
