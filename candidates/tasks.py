"""The app's Celery tasks, where Celery's autodiscovery looks for them: the AI screening's, and the
search for probable duplicates."""

from candidates.duplicate_tasks import find_duplicates
from candidates.screening.tasks import analyze_candidates, screen_application, screen_application_again

__all__ = [
    "analyze_candidates",
    "find_duplicates",
    "screen_application",
    "screen_application_again",
]
