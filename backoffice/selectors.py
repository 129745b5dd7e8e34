"""Reads for the HR dashboard. The back-office is an edge: it composes the domain apps' selectors
and may look at the integration side (webhook deliveries)."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import Application, Candidate
from candidates.selectors import candidate_counts
from messaging.selectors import candidates_with_unread_count
from tests_app import selectors as test_selectors
from tests_app.models import Attempt
from webhooks import selectors as webhook_selectors
from webhooks.models import Delivery

FUNNEL_STAGES = [
    ("registered", _("Registered")),
    ("applied", _("Applied")),
    ("test_started", _("Started a test")),
    ("test_completed", _("Completed a test")),
    ("hired", _("Hired")),
]
ACTION_LIST_SIZE = 10


@dataclass(frozen=True)
class FunnelStage:
    key: str
    label: str
    count: int
    share_of_total: float  # percent of registered candidates
    conversion: float | None  # percent of the previous stage; None for the first stage


def funnel(counts: dict[str, int]) -> list[FunnelStage]:
    total = counts["registered"]
    stages: list[FunnelStage] = []
    previous: int | None = None
    for key, label in FUNNEL_STAGES:
        count = counts[key]
        conversion = None if previous is None else (100.0 * count / previous if previous else 0.0)
        share = 100.0 * count / total if total else 0.0
        stages.append(FunnelStage(key, label, count, share, conversion))
        previous = count
    return stages


def applications_per_day(*, days: int = 30, today: dt.date | None = None) -> list[tuple[dt.date, int]]:
    """Applications per calendar day (in TIME_ZONE) for the last `days` days, zeros included, in one query."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    today = today or timezone.now().astimezone(zone).date()
    first = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    rows = (
        Application.objects.filter(applied_at__gte=start)
        .annotate(day=TruncDate("applied_at", tzinfo=zone))
        .values("day")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = {row["day"]: row["count"] for row in rows}
    return [(day, counts.get(day, 0)) for day in (first + dt.timedelta(days=n) for n in range(days))]


def candidates_with_unread_messages() -> QuerySet[Candidate]:
    return (
        candidates_with_unread_count(Candidate.objects.all())
        .filter(unread_count__gt=0)
        .order_by("-unread_count", "-updated_at")[:ACTION_LIST_SIZE]
    )


def attempts_needing_review() -> QuerySet[Attempt]:
    return test_selectors.attempts_needing_review().order_by("submitted_at", "created_at")[:ACTION_LIST_SIZE]


def failing_deliveries() -> QuerySet[Delivery]:
    return (
        webhook_selectors.failing_deliveries()
        .select_related("event", "endpoint")
        .order_by("-updated_at")[:ACTION_LIST_SIZE]
    )


def hr_dashboard() -> dict:
    counts = candidate_counts() | test_selectors.attempt_counts()
    return {"counts": counts, "funnel": funnel(counts), "per_day": applications_per_day()}
