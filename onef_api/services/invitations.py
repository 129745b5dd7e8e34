"""An invitation through the API: a retry never sends the candidate a second link."""

from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from tests_app.models import Attempt, AttemptStatus, Test
from tests_app.services import attempt_invite


def invitation_get_or_create(
    *, candidate: Candidate, test: Test, expires_in_hours: int, extra_minutes: int = 0, actor_label: str = ""
) -> tuple[Attempt, bool]:
    """The candidate's pending, unexpired invitation to this test, else a new one (sent).

    Returns (attempt, created). The candidate's row is locked, so two concurrent requests create one.
    """
    with transaction.atomic():
        Candidate.objects.select_for_update(no_key=True).filter(pk=candidate.pk).first()
        pending = (
            Attempt.objects.filter(
                candidate=candidate,
                test=test,
                status=AttemptStatus.PENDING,
                expires_at__gt=timezone.now(),
            )
            .order_by("-created_at")
            .first()
        )
        if pending is not None:
            return pending, False
        attempt = attempt_invite(
            candidate=candidate,
            test=test,
            expires_in_hours=expires_in_hours,
            extra_minutes=extra_minutes,
            actor_label=actor_label,
        )
        return attempt, True
