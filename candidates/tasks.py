"""The app's Celery tasks, where Celery's autodiscovery looks for them: the AI screening's."""

from candidates.screening.tasks import analyze_candidates, screen_application, screen_application_again

__all__ = ["analyze_candidates", "screen_application", "screen_application_again"]
