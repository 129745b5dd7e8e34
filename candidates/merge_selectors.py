"""Reads about duplicates and merges: a candidate's open pairs, the merge HR may still undo."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from candidates.models import MERGE_UNDO_WINDOW, Candidate, CandidateMerge, DuplicatePair, DuplicateState


def duplicates_open() -> QuerySet[DuplicatePair]:
    """The open pairs (both records living), newest first, with both candidates joined."""
    return DuplicatePair.objects.filter(
        state=DuplicateState.OPEN,
        first__merged_into__isnull=True,
        second__merged_into__isnull=True,
        first__anonymized_at__isnull=True,
        second__anonymized_at__isnull=True,
    ).select_related("first", "second")


def duplicates_of(*, candidate: Candidate) -> list[tuple[DuplicatePair, Candidate]]:
    """The candidate's open pairs, each with the other record (one query)."""
    pairs = duplicates_open().filter(Q(first=candidate) | Q(second=candidate))
    return [(pair, pair.second if pair.first_id == candidate.pk else pair.first) for pair in pairs]


def merge_latest_undoable(*, candidate: Candidate) -> CandidateMerge | None:
    """The latest merge into the candidate still within the undo window and not undone (the undo
    itself checks what was attached since)."""
    return (
        CandidateMerge.objects.filter(
            kept=candidate, undone_at__isnull=True, created_at__gte=timezone.now() - MERGE_UNDO_WINDOW
        )
        .select_related("merged")
        .order_by("-created_at")
        .first()
    )
