"""Undoing a merge: within UNDO_WINDOW of it, while nothing new was attached to the kept candidate
(an application, message, attempt, grade, interview… made after the merge). The moved rows go back
by id, the fields the merge filled are emptied again, and the stub becomes a candidate again."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates import signals
from candidates.models import (
    Application,
    Candidate,
    CandidateMerge,
    DuplicatePair,
    DuplicateState,
    HistoryKind,
)
from candidates.services.history import history_record
from candidates.services.merge import (
    KEPT_STATUS,
    UNDO_WINDOW,
    candidate_relations,
    candidates_lock,
)
from candidates.services.merge_applications import applications_split
from candidates.services.merge_rows import rows_move
from candidates.services.pipeline import candidate_status_change, candidate_sync_current

# Written after the merge without attaching anything: the history, the search document.
NOT_ATTACHMENTS = {"candidates.HistoryEntry.candidate", "candidates.AIAnalysis.candidate"}


def _attached_since(merge: CandidateMerge) -> list[str]:
    """What was attached to the kept candidate (or to its applications) after the merge."""
    found = []
    for key, model, field in candidate_relations():
        if key in NOT_ATTACHMENTS or not any(f.name == "created_at" for f in model._meta.fields):
            continue
        if model._base_manager.filter(**{field: merge.kept_id, "created_at__gt": merge.created_at}).exists():
            found.append(str(model._meta.verbose_name_plural))
    applications = Application.objects.filter(candidate_id=merge.kept_id)
    for relation in Application._meta.related_objects:
        model = relation.related_model
        if model._meta.label in {"candidates.HistoryEntry", "candidates.AIAnalysis"}:
            continue
        if model._base_manager.filter(
            **{f"{relation.field.name}__in": applications, "created_at__gt": merge.created_at}
        ).exists():
            found.append(str(model._meta.verbose_name_plural))
    return sorted(set(found))


def merge_undo_blocker(*, merge: CandidateMerge) -> str:
    """Why the merge cannot be undone now ("" when it can)."""
    if merge.undone_at is not None:
        return _("This merge was already undone.")
    if timezone.now() - merge.created_at > UNDO_WINDOW:
        return _("A merge can be undone within a day only.")
    if Candidate.objects.filter(
        pk__in=[merge.kept_id, merge.merged_id], anonymized_at__isnull=False
    ).exists():
        return _("The candidate was anonymised.")
    if CandidateMerge.objects.filter(merged_id=merge.kept_id, undone_at__isnull=True).exists():
        return _("The kept candidate was merged into another one since.")
    attached = _attached_since(merge)
    if attached:
        return _("New records were attached since the merge: %(what)s.") % {"what": ", ".join(attached)}
    return ""


def _unfill(kept: Candidate, merged: Candidate, filled: list[str]) -> None:
    if "telegram_id" in filled and kept.telegram_id:
        merged.telegram_id, kept.telegram_id = kept.telegram_id, None
        kept.save(update_fields=["telegram_id", "updated_at"])
    merged.merged_into = None
    merged.save(update_fields=["telegram_id", "merged_into", "updated_at"])
    cleared = [f for f in filled if f != "telegram_id" and getattr(kept, f) == getattr(merged, f)]
    for field in cleared:
        setattr(kept, field, None if field == "dob" else "")
    if cleared:
        kept.save(update_fields=[*cleared, "updated_at"])


def candidate_merge_undo(*, merge: CandidateMerge, actor: AbstractBaseUser | None) -> None:
    """Split the two again; raises ValidationError with the reason when it cannot be undone."""
    with transaction.atomic():
        locked = candidates_lock(merge.kept_id, merge.merged_id)
        merge = CandidateMerge.objects.select_for_update().get(pk=merge.pk)
        blocker = merge_undo_blocker(merge=merge)
        if blocker:
            raise ValidationError(blocker)
        kept, merged = locked[merge.kept_id], locked[merge.merged_id]
        rows_move(candidate_relations(), kept, merged, only=merge.moved)
        applications_split(merge=merge)
        _unfill(kept, merged, merge.filled)
        merge.undone_at, merge.undone_by = timezone.now(), actor
        merge.save(update_fields=["undone_at", "undone_by", "updated_at"])
        theirs = models.Q(first=kept, second=merged) | models.Q(first=merged, second=kept)
        DuplicatePair.objects.filter(theirs).update(
            state=DuplicateState.OPEN, resolved_by=None, resolved_at=None, updated_at=timezone.now()
        )
        for one, other in ((kept, merged), (merged, kept)):
            details = {"merge_id": merge.pk, "other_id": str(other.pk)}
            history_record(candidate=one, kind=HistoryKind.MERGE_UNDONE, actor=actor, details=details)
        signals.candidate_merge_undone.send(sender=Candidate, kept=kept, merged=merged, merge=merge)
        for candidate in (kept, merged):
            candidate_sync_current(candidate=candidate, actor=actor)
        if not kept.applications.exists() and merge.moved.get(KEPT_STATUS):
            candidate_status_change(candidate=kept, status=merge.moved[KEPT_STATUS], actor=actor)
