"""Probable duplicates HR decides about, and the merges HR made (each undoable for a while)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models.people import Candidate
from core.models import TimeStampedModel

# How long HR may undo a merge (while nothing new was attached to the kept candidate).
MERGE_UNDO_WINDOW = dt.timedelta(days=1)


class DuplicateReason(models.TextChoices):
    SAME_PHONE = "same_phone", _("Same phone")
    SAME_EMAIL = "same_email", _("Same email")
    SAME_TELEGRAM = "same_telegram", _("Same Telegram account")
    NAME_SIMILAR_PHONE = "name_similar_phone", _("Same name, similar phone")
    NAME_SIMILAR_EMAIL = "name_similar_email", _("Same name, similar email")
    SAME_CV = "same_cv", _("Same CV text")


class DuplicateState(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Not the same person")
    MERGED = "merged", _("Merged")


class DuplicatePair(TimeStampedModel):
    """Two candidates that are probably one person; never merged automatically. `first` is the
    older record (created first), so one pair of people has one row whichever way it was found."""

    first = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="+", verbose_name=_("older candidate")
    )
    second = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="+", verbose_name=_("newer candidate")
    )
    reason = models.CharField(max_length=30, choices=DuplicateReason.choices, verbose_name=_("reason"))
    state = models.CharField(
        max_length=20,
        choices=DuplicateState.choices,
        default=DuplicateState.OPEN,
        verbose_name=_("state"),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("resolved at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        indexes = [
            models.Index(fields=["state", "-created_at"], name="duplicate_state_idx"),
            models.Index(fields=["second", "state"], name="duplicate_second_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_one_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(first=models.F("second")), name="duplicate_two_people"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=DuplicateState.values), name="duplicate_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.reason})"


class CandidateMerge(TimeStampedModel):
    """HR merged `merged` into `kept`: what moved (row ids per model and field), so that it can be
    undone within a day while nothing new was attached to `kept`."""

    kept = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="merges", verbose_name=_("kept candidate")
    )
    merged = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="+", verbose_name=_("merged candidate")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged by"),
    )
    # {"app_label.Model.field": [pk, ...]}: the rows that pointed at `merged` and now point at `kept`;
    # and "kept_status": the kept candidate's status before, restored by an undo when it has no application.
    moved = models.JSONField(default=dict, blank=True, verbose_name=_("moved rows"))
    # Names of the kept candidate's empty fields that took the merged one's value (no values kept).
    filled = models.JSONField(default=list, blank=True, verbose_name=_("filled fields"))
    undone_at = models.DateTimeField(null=True, blank=True, verbose_name=_("undone at"))
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("candidate merge")
        verbose_name_plural = _("candidate merges")
        indexes = [models.Index(fields=["merged", "-created_at"], name="merge_merged_idx")]

    def __str__(self) -> str:
        return f"{self.merged_id} -> {self.kept_id}"
