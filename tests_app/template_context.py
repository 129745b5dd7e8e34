"""The {test_url} of message templates: the link of the candidate's newest unstarted invitation."""

from candidates.models import Application, Candidate
from tests_app.models import Attempt, AttemptStatus


def test_url_context(candidate: Candidate, application: Application | None) -> dict[str, str]:
    attempt = (
        Attempt.objects.filter(candidate=candidate, status=AttemptStatus.PENDING)
        .order_by("-created_at", "-id")
        .first()
    )
    return {"test_url": attempt.test_url} if attempt is not None else {}
