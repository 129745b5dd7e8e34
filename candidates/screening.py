"""AI screening of CVs.

PLACEHOLDER until the AI screening issue lands: it stores an analysis without a rating that says
so, so that every application is still announced (with `ai_rating` null, as the design allows).
"""

from django.db import transaction

from candidates.models import AIAnalysis, Application, Candidate
from candidates.services import application_mark_screened

PLACEHOLDER_BACKEND = "placeholder"


def candidate_analyze(*, candidate: Candidate, application: Application | None = None) -> AIAnalysis:
    with transaction.atomic():
        analysis = AIAnalysis.objects.create(
            candidate=candidate,
            application=application,
            backend=PLACEHOLDER_BACKEND,
            rating=None,
            comment="AI screening is not available yet: no rating was computed.",
        )
        candidate.ai_rating, candidate.ai_comment = analysis.rating, analysis.comment
        candidate.save(update_fields=["ai_rating", "ai_comment", "updated_at"])
    return analysis


def application_screen(*, application: Application) -> AIAnalysis:
    analysis = candidate_analyze(candidate=application.candidate, application=application)
    application_mark_screened(application=application)
    return analysis
