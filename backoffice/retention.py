"""Retention: candidates rejected or inactive for CANDIDATE_RETENTION_DAYS are anonymised.

`candidates_due_for_anonymisation` lists them (the dashboard shows who is due); the beat task
`backoffice.tasks.anonymize_retained_candidates` erases them everywhere with the same
`candidate_erase` HR uses, one candidate per transaction. 0 days turns the rule off.

Due means not anonymised yet and either
- rejected, with the candidate row unchanged for the whole period (the status was set before it), or
- inactive: no change to the candidate, no message, application or test attempt in the period.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import DateTimeField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from backoffice.gdpr import candidate_erase
from candidates.models import Application, Candidate, CandidateStatus
from messaging.models import Message
from tests_app.models import Attempt

logger = logging.getLogger(__name__)
RETENTION_BATCH = 200
RETENTION_ACTOR = "retention rule"  # who anonymised them, in the history


def _latest(model: type, field: str) -> Subquery:
    rows = model.objects.filter(candidate=OuterRef("pk")).order_by().values("candidate")
    return Subquery(rows.annotate(latest=Max(field)).values("latest")[:1], output_field=DateTimeField())


def candidates_due_for_anonymisation(*, now: dt.datetime | None = None) -> QuerySet[Candidate]:
    """Candidates the retention rule anonymises now, least recently active first (none when off)."""
    days = settings.CANDIDATE_RETENTION_DAYS
    if not days:
        return Candidate.objects.none()
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    last_activity = Greatest(
        "updated_at",
        Coalesce(_latest(Message, "created_at"), "updated_at"),
        Coalesce(_latest(Application, "updated_at"), "updated_at"),
        Coalesce(_latest(Attempt, "updated_at"), "updated_at"),
    )
    return (
        Candidate.objects.filter(anonymized_at__isnull=True, merged_into__isnull=True)
        .annotate(last_activity=last_activity)
        .filter(Q(status=CandidateStatus.REJECTED, updated_at__lt=cutoff) | Q(last_activity__lt=cutoff))
        .order_by("last_activity", "pk")
    )


def candidates_retention_anonymize(*, now: dt.datetime | None = None, limit: int = RETENTION_BATCH) -> int:
    """Anonymise up to `limit` due candidates (the next run takes the rest); returns how many."""
    erased = 0
    for candidate in list(candidates_due_for_anonymisation(now=now)[:limit]):
        if candidate_erase(candidate=candidate, actor_label=RETENTION_ACTOR):
            erased += 1
    if erased:
        logger.info(
            "Retention: anonymised %s candidates inactive for %s days",
            erased,
            settings.CANDIDATE_RETENTION_DAYS,
        )
    return erased
