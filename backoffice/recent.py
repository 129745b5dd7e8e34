"""The dashboard's "My recent actions": the user's own history entries (the one audit trail),
each a sentence in the reader's language, linked to the candidate's card."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from backoffice.admin.history_display import HistoryRow, history_rows
from candidates.models import HistoryEntry

RECENT_SIZE = 10


@dataclass(frozen=True)
class RecentAction:
    row: HistoryRow
    candidate_id: str
    candidate: str


def my_recent_history(user: AbstractBaseUser) -> list[RecentAction] | None:
    """None for a user who may not see candidates; two queries whatever the number of entries."""
    if not user.has_perm("candidates.view_candidate"):
        return None
    entries = list(
        HistoryEntry.objects.filter(actor_id=user.pk)
        .select_related("actor", "application__vacancy", "candidate")
        .order_by("-created_at", "-id")[:RECENT_SIZE]
    )
    return [
        RecentAction(row, str(entry.candidate_id), str(entry.candidate))
        for entry, row in zip(entries, history_rows(entries), strict=True)
    ]
