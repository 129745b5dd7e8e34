"""Grades HR gives a candidate, and sharing them with OneF. Each is recorded in the history."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from candidates import signals
from candidates.models import Candidate, Grade, HistoryKind
from candidates.services.history import history_record


def grade_create(
    *, candidate: Candidate, value: int, comment: str = "", created_by: AbstractBaseUser | None = None
) -> Grade:
    grade = Grade(candidate=candidate, value=value, comment=comment, created_by=created_by)
    grade.full_clean()
    with transaction.atomic():
        grade.save()
        history_record(
            candidate=candidate,
            kind=HistoryKind.GRADE_ADDED,
            to_value=str(value),
            actor=created_by,
            details={"grade_id": grade.pk},
        )
    return grade


def grade_update(
    *, grade: Grade, value: int, comment: str, edited_by: AbstractBaseUser | None = None
) -> Grade:
    """Edit a grade; an edit of a grade already shared with OneF is recorded as such."""
    old_value = Grade.objects.filter(pk=grade.pk).values_list("value", flat=True).first()
    grade.value, grade.comment = value, comment
    grade.full_clean()
    kind = HistoryKind.GRADE_EDITED_AFTER_SHARING if grade.shared_at else HistoryKind.GRADE_EDITED
    with transaction.atomic():
        grade.save(update_fields=["value", "comment", "updated_at"])
        history_record(
            candidate_id=grade.candidate_id,
            kind=kind,
            from_value="" if old_value is None else str(old_value),
            to_value=str(value),
            actor=edited_by,
            details={"grade_id": grade.pk},
        )
    return grade


def grade_share(*, grade: Grade, shared_by: AbstractBaseUser | None = None) -> Grade:
    """Share a grade with OneF. Sharing again re-sends it with a new `shared_at`."""
    with transaction.atomic():
        grade.shared_at = timezone.now()
        grade.shared_by = shared_by
        grade.save(update_fields=["shared_at", "shared_by", "updated_at"])
        history_record(
            candidate_id=grade.candidate_id,
            kind=HistoryKind.GRADE_SHARED,
            to_value=str(grade.value),
            actor=shared_by,
            details={"grade_id": grade.pk},
        )
        signals.grade_shared.send(sender=Grade, grade=grade, shared_by=shared_by)
    return grade
