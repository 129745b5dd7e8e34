"""Reads of interviews: the next one of a candidate, today's, a candidate's, the scorecards of one."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from candidates.models import Candidate
from candidates.selectors import start_of_today
from interviews.models import ACTIVE_STATES, Interview, Scorecard


def next_interview(*, candidate: Candidate) -> Interview | None:
    return (
        Interview.objects.filter(
            application__candidate=candidate, state__in=ACTIVE_STATES, starts_at__gt=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )


def interviews_today() -> QuerySet[Interview]:
    """Today's interviews (in TIME_ZONE), cancelled ones left out, with what the dashboard shows."""
    start = start_of_today()
    return (
        Interview.objects.filter(
            state__in=ACTIVE_STATES, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1)
        )
        .select_related("application__candidate", "application__vacancy")
        .prefetch_related("interviewers")
        .order_by("starts_at", "id")
    )


def candidate_interviews(*, candidate: Candidate) -> QuerySet[Interview]:
    return (
        Interview.objects.filter(application__candidate=candidate)
        .select_related("application__vacancy")
        .prefetch_related("interviewers", "scorecards__interviewer")
        .order_by("-starts_at", "-id")
    )


def scorecards_side_by_side(*, interview: Interview) -> dict:
    """Criteria as rows, interviewers as columns (the ratings each gave), plus each recommendation."""
    cards = list(Scorecard.objects.filter(interview=interview).select_related("interviewer"))
    criteria = interview.application.vacancy.criteria
    return {
        "cards": cards,
        "rows": [(criterion, [card.ratings.get(criterion) for card in cards]) for criterion in criteria],
    }
