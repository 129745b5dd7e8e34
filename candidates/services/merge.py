"""Merging two records of one person, and undoing it within a day.

Everything that points at the merged candidate moves to the kept one: the relations are read from
the models (`Candidate._meta`), so an app that adds a foreign key to Candidate is moved too unless
it is named in NOT_MOVED with the reason (tests/candidates/test_candidate_merge.py checks the list).
The merged record stays as a stub (`merged_into`) that the back-office redirects to the kept one.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates import signals
from candidates.models import (
    MERGE_UNDO_WINDOW,
    Candidate,
    CandidateMerge,
    DuplicatePair,
    DuplicateState,
    HistoryKind,
)
from candidates.services.duplicates import duplicates_detect
from candidates.services.history import history_record
from candidates.services.merge_applications import JOINED, applications_join
from candidates.services.merge_rows import rows_move
from candidates.services.pipeline import candidate_sync_current

UNDO_WINDOW = MERGE_UNDO_WINDOW
KEPT_STATUS = "kept_status"  # CandidateMerge.moved also keeps the kept candidate's status before
PREPARED = "prepared"  # ...and what the receivers of candidate_merging returned (for their undo)
# The kept candidate's empty fields that take the merged one's value (nothing is overwritten).
FILLABLE = ("surname", "email", "phone", "dob", "language", "cv_file", "cv_filename", "cv_text")
NOT_MOVED = {
    "candidates.CandidateSearch.candidate": "each record's own search document, kept by a trigger",
    "candidates.DuplicatePair.first": "resolved by the merge: the pair is marked merged, others found again",
    "candidates.DuplicatePair.second": "as `first`",
    "candidates.CandidateMerge.kept": "the record of an earlier merge stays as it was made",
    "candidates.CandidateMerge.merged": "as `kept`",
}


def candidate_relations() -> list[tuple[str, type[models.Model], str]]:
    """(key, model, field name) of every foreign key to Candidate that a merge moves."""
    relations = []
    for relation in Candidate._meta.related_objects:
        key = f"{relation.related_model._meta.label}.{relation.field.name}"
        if key not in NOT_MOVED:
            relations.append((key, relation.related_model, relation.field.name))
    return relations


def candidates_lock(first_id, second_id) -> dict:
    """Both rows locked in id order (two merges of the same pair cannot deadlock)."""
    rows = Candidate.objects.select_for_update().filter(pk__in=[first_id, second_id]).order_by("pk")
    return {row.pk: row for row in rows}


def _check_mergeable(kept: Candidate, merged: Candidate) -> None:
    if kept.pk == merged.pk:
        raise ValidationError(_("A candidate cannot be merged with itself."))
    if kept.merged_into_id or merged.merged_into_id:
        raise ValidationError(_("One of the two was already merged into another candidate."))
    if kept.anonymized_at or merged.anonymized_at:
        raise ValidationError(_("An anonymised candidate cannot be merged."))
    if kept.telegram_id and merged.telegram_id:
        raise ValidationError(
            _("Both candidates have a Telegram account: the bot can follow one person's one account only.")
        )


def _fill_kept(kept: Candidate, merged: Candidate) -> list[str]:
    filled = [f for f in FILLABLE if getattr(merged, f) and not getattr(kept, f)]
    if merged.telegram_id and not kept.telegram_id:
        telegram_id, merged.telegram_id = merged.telegram_id, None
        merged.save(update_fields=["telegram_id", "updated_at"])  # unique: free it first
        kept.telegram_id = telegram_id
        filled.append("telegram_id")
    for field in filled:
        if field != "telegram_id":
            setattr(kept, field, getattr(merged, field))
    if filled:
        kept.save(update_fields=[*filled, "updated_at"])
    return filled


def candidate_merge(*, kept: Candidate, merged: Candidate, actor: AbstractBaseUser | None) -> CandidateMerge:
    """Merge `merged` into `kept` in one transaction; raises ValidationError when they cannot be.

    OneF hears `candidate_merged` and, when the kept candidate's status changes with the
    applications it gained, one `candidate_status_changed`."""
    with transaction.atomic():
        locked = candidates_lock(kept.pk, merged.pk)
        if len(locked) != 2:
            raise ValidationError(_("A candidate cannot be merged with itself."))
        kept_row, merged_row = locked[kept.pk], locked[merged.pk]
        _check_mergeable(kept_row, merged_row)
        filled = _fill_kept(kept_row, merged_row)
        prepared: dict = {}
        for _receiver, answer in signals.candidate_merging.send(
            sender=Candidate, kept=kept_row, merged=merged_row
        ):
            prepared.update(answer or {})
        joined = applications_join(kept=kept_row, merged=merged_row)
        moved = rows_move(candidate_relations(), merged_row, kept_row)
        moved[PREPARED], moved[JOINED] = prepared, joined
        merged_row.merged_into = kept_row
        merged_row.save(update_fields=["merged_into", "updated_at"])
        moved[KEPT_STATUS] = kept_row.status
        merge = CandidateMerge.objects.create(
            kept=kept_row, merged=merged_row, actor=actor, moved=moved, filled=filled
        )
        _resolve_pairs(kept_row, merged_row, actor)
        details = {"merge_id": merge.pk, "other_id": str(merged_row.pk)}
        history_record(candidate=kept_row, kind=HistoryKind.MERGED, actor=actor, details=details)
        details = {"merge_id": merge.pk, "other_id": str(kept_row.pk)}
        history_record(candidate=merged_row, kind=HistoryKind.MERGED_INTO, actor=actor, details=details)
        signals.candidate_merged.send(sender=Candidate, kept=kept_row, merged=merged_row, merge=merge)
        candidate_sync_current(candidate=kept_row, actor=actor)
        duplicates_detect(candidate=kept_row)
    for field in ("telegram_id", "status", "merged_into_id", *filled):
        setattr(kept, field, getattr(kept_row, field))
    merged.merged_into_id, merged.telegram_id = kept_row.pk, merged_row.telegram_id
    return merge


def _resolve_pairs(kept: Candidate, merged: Candidate, actor: AbstractBaseUser | None) -> None:
    pairs = DuplicatePair.objects.filter(models.Q(first=merged) | models.Q(second=merged))
    theirs = models.Q(first=kept, second=merged) | models.Q(first=merged, second=kept)
    pairs.filter(theirs).update(
        state=DuplicateState.MERGED, resolved_by=actor, resolved_at=timezone.now(), updated_at=timezone.now()
    )
    pairs.exclude(theirs).delete()  # the stub is nobody's duplicate; kept's are found again
