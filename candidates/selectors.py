"""Reads of the candidates domain shared by the API and the admin dashboard."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from candidates.models import Application, Candidate, CandidateStatus, Vacancy
from tests_app.models import FINISHED_ATTEMPT_STATUSES, Attempt, AttemptStatus


def start_of_today() -> dt.datetime:
    """Midnight of today in TIME_ZONE, as an aware datetime."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    now = timezone.now().astimezone(zone)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def dashboard_stats() -> dict:
    """The counters of GET /dashboard, in three aggregate queries whatever the number of rows."""
    attempts = Attempt.objects.filter(candidate=OuterRef("pk"))
    candidates = Candidate.objects.annotate(
        has_application=Exists(Application.objects.filter(candidate=OuterRef("pk"))),
        has_started_attempt=Exists(attempts.exclude(status=AttemptStatus.PENDING)),
        has_finished_attempt=Exists(attempts.filter(status__in=FINISHED_ATTEMPT_STATUSES)),
    ).aggregate(
        total=Count("pk"),
        new_today=Count("pk", filter=Q(created_at__gte=start_of_today())),
        applied=Count("pk", filter=Q(has_application=True)),
        test_started=Count("pk", filter=Q(has_started_attempt=True)),
        test_completed=Count("pk", filter=Q(has_finished_attempt=True)),
        hired=Count("pk", filter=Q(status=CandidateStatus.ACCEPTED)),
    )
    return {
        "candidates_total": candidates["total"],
        "candidates_new_today": candidates["new_today"],
        "active_vacancies": Vacancy.objects.filter(is_published=True).count(),
        "test_attempts_pending": Attempt.objects.filter(status=AttemptStatus.PENDING).count(),
        "recruitment_funnel": {
            "registered": candidates["total"],
            "applied": candidates["applied"],
            "test_started": candidates["test_started"],
            "test_completed": candidates["test_completed"],
            "hired": candidates["hired"],
        },
    }
