"""The MAX bot's reads."""

from candidates.models import Candidate
from max_bot.models import MaxUpdate, MaxUser


def candidate_by_max_user(*, user_id: int) -> Candidate | None:
    link = MaxUser.objects.select_related("candidate").filter(user_id=user_id).first()
    return link.candidate if link else None


def max_user_of(*, candidate: Candidate) -> MaxUser | None:
    return MaxUser.objects.filter(candidate=candidate).first()


def max_updates_pending(*, limit: int = 1000) -> list[MaxUpdate]:
    """The stored updates nobody handled yet, oldest first (a restarted poller resumes with them)."""
    return list(MaxUpdate.objects.filter(handled_at=None).order_by("id")[:limit])
