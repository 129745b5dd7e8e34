"""Reads for the board: every application of one vacancy in one query, whatever their number."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.models import Application, ApplicationSource, Candidate, CandidateStatus, Vacancy
from candidates.selectors import candidates_search
from messaging.models import Message, MessageDirection
from tests_app.models import FINISHED_ATTEMPT_STATUSES, Attempt, AttemptStatus

BOARD_STAGES = list(CandidateStatus)


@dataclass
class BoardColumn:
    status: str
    label: str
    cards: list[Application] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.cards)

    @property
    def oldest_days(self) -> int | None:
        return max((card.days_in_stage for card in self.cards), default=None)

    @property
    def average_days(self) -> float | None:
        if not self.cards:
            return None
        return round(sum(card.days_in_stage for card in self.cards) / len(self.cards), 1)


def _unread_per_candidate() -> Subquery:
    unread = (
        Message.objects.filter(
            candidate=OuterRef("candidate_id"), direction=MessageDirection.INBOUND, is_read=False
        )
        .order_by()
        .values("candidate")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


def _latest_finished_attempt() -> QuerySet[Attempt]:
    return Attempt.objects.filter(
        candidate=OuterRef("candidate_id"), status__in=FINISHED_ATTEMPT_STATUSES
    ).order_by("-submitted_at", "-created_at")


def board_applications(*, vacancy: Vacancy, search: str = "", source: str = "") -> QuerySet[Application]:
    """The vacancy's applications (of one source, when given) with what a card shows, in one query."""
    applications = (
        Application.objects.filter(vacancy=vacancy)
        .select_related("candidate")
        .only(
            "id",
            "status",
            "status_changed_at",
            "applied_at",
            "ai_rating",
            "source",
            "candidate__id",
            "candidate__fullname",
            "candidate__anonymized_at",
        )
        .annotate(
            unread_count=_unread_per_candidate(),
            test_status=Subquery(_latest_finished_attempt().values("status")[:1]),
            test_percentage=Subquery(_latest_finished_attempt().values("percentage")[:1]),
        )
        .order_by("-ai_rating", "applied_at", "id")
    )
    if source in ApplicationSource.values:
        applications = applications.filter(source=source)
    if search.strip():
        found = candidates_search(Candidate.objects.all(), text=search).values("pk")
        applications = applications.filter(candidate_id__in=found)
    return applications


def board_columns(
    *, vacancy: Vacancy, search: str = "", source: str = "", now: dt.datetime | None = None
) -> list[BoardColumn]:
    """One column per stage, in pipeline order; a card knows its days in the stage."""
    now = now or timezone.now()
    columns = {status: BoardColumn(status=status.value, label=status.label) for status in BOARD_STAGES}
    for application in board_applications(vacancy=vacancy, search=search, source=source):
        since = application.status_changed_at or application.applied_at
        application.days_in_stage = max(0, (now - since).days)
        application.test_label = (
            AttemptStatus(application.test_status).label if application.test_status else ""
        )
        columns[application.status].cards.append(application)
    return list(columns.values())


def board_column_candidate_ids(*, vacancy_id: int, stage: str, search: str = "", source: str = "") -> list:
    """The candidates of one board column, in the board's order (the card's next/previous), in one query."""
    applications = Application.objects.filter(vacancy_id=vacancy_id, status=stage).order_by(
        "-ai_rating", "applied_at", "id"
    )
    if source in ApplicationSource.values:
        applications = applications.filter(source=source)
    if search.strip():
        found = candidates_search(Candidate.objects.all(), text=search).values("pk")
        applications = applications.filter(candidate_id__in=found)
    return list(applications.values_list("candidate_id", flat=True))
