"""Reads for the board, two queries whatever the number of applications: the columns' exact counts
and ages (one light row per application), and the first PAGE_CARDS cards of every column (a window
over the stages). "Show more" reads the next cards of one column (`board_cards`)."""

import datetime as dt
import uuid
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, IntegerField, Max, OuterRef, QuerySet, Subquery, Sum, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from candidates.models import (
    CLOSED_STATUSES,
    Application,
    ApplicationSource,
    Candidate,
    CandidateStatus,
    Vacancy,
)
from candidates.selectors import candidates_search
from messaging.models import Message, MessageDirection
from tests_app.models import FINISHED_ATTEMPT_STATUSES, Attempt, AttemptStatus

BOARD_STAGES = list(CandidateStatus)


PAGE_CARDS = 50
CARD_ORDER = ("-ai_rating", "applied_at", "id")


@dataclass
class BoardCard:
    """One application on the board, read as plain values (CARD_COLUMNS): building ~350 model instances
    (an application and its candidate each) took a quarter of the page's Python. `days_in_stage` is
    worked out when it is read; `sla_overdue` is set by the automation header (backoffice.board.automation)."""

    pk: int
    status: str
    status_changed_at: dt.datetime | None
    applied_at: dt.datetime
    ai_rating: int | None
    source: str
    candidate_id: uuid.UUID
    candidate_fullname: str
    unread_count: int
    test_status: str | None
    test_percentage: Decimal | None
    days_in_stage: int = field(default=0, init=False)
    sla_overdue: bool = field(default=False, init=False)

    @property
    def candidate_name(self) -> str:
        """As the candidate's own str(): the full name, else the id."""
        return self.candidate_fullname or str(self.candidate_id)

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def test_label(self) -> str:
        return AttemptStatus(self.test_status).label if self.test_status else ""


# The columns of BoardCard's read fields, in their order (two are read through another name).
_CARD_SOURCES = {"pk": "id", "candidate_fullname": "candidate__fullname"}
CARD_COLUMNS = tuple(_CARD_SOURCES.get(f.name, f.name) for f in fields(BoardCard) if f.init)


@dataclass
class BoardColumn:
    """A stage: its first cards, and the count and ages of all of its applications."""

    status: str
    label: str
    cards: list[BoardCard] = field(default_factory=list)
    count: int = 0
    oldest_days: int | None = None
    average_days: float | None = None

    @property
    def more(self) -> int:
        """Applications in the stage not shown yet."""
        return self.count - len(self.cards)


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


def _board_filter(*, vacancy: Vacancy, search: str, source: str) -> QuerySet[Application]:
    applications = Application.objects.filter(vacancy=vacancy)
    if source in ApplicationSource.values:
        applications = applications.filter(source=source)
    if search.strip():
        found = candidates_search(Candidate.objects.all(), text=search).values("pk")
        applications = applications.filter(candidate_id__in=found)
    return applications


def board_applications(*, vacancy: Vacancy, search: str = "", source: str = "") -> QuerySet[Application]:
    """The vacancy's applications (of one source, when given) with what a card shows (CARD_COLUMNS),
    in the board's order, in one query."""
    return (
        _board_filter(vacancy=vacancy, search=search, source=source)
        .annotate(
            unread_count=_unread_per_candidate(),
            test_status=Subquery(_latest_finished_attempt().values("status")[:1]),
            test_percentage=Subquery(_latest_finished_attempt().values("percentage")[:1]),
        )
        .order_by(*CARD_ORDER)
    )


def _days(since: dt.datetime, now: dt.datetime) -> int:
    return max(0, (now - since).days)


def _days_per_stage(applications: QuerySet[Application], now: dt.datetime) -> dict[str, tuple[int, int, int]]:
    """{stage: (applications, most days in the stage, sum of the days)}: PostgreSQL adds them up
    (seven rows to read); another database sends each application's dates."""
    if connection.vendor != "postgresql":
        stats: dict[str, tuple[int, int, int]] = {}
        for status, changed_at, applied_at in applications.values_list(
            "status", "status_changed_at", "applied_at"
        ):
            count, oldest, total = stats.get(status, (0, 0, 0))
            days = _days(changed_at or applied_at, now)
            stats[status] = (count + 1, max(oldest, days), total + days)
        return stats
    # Whole days in the stage, as timedelta.days counts them (floored), never below 0.
    days = RawSQL(
        "GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (%s - COALESCE(status_changed_at, applied_at))) / 86400))",
        [now],
    )
    rows = applications.values("status").annotate(n=Count("id"), oldest=Max(days), total=Sum(days))
    return {row["status"]: (row["n"], int(row["oldest"]), int(row["total"])) for row in rows}


def board_stats(
    *, vacancy: Vacancy, search: str = "", source: str = "", now: dt.datetime | None = None
) -> list[BoardColumn]:
    """One column per stage, in pipeline order, with the exact count and ages of its applications
    and no cards (one query)."""
    now = now or timezone.now()
    stats = _days_per_stage(_board_filter(vacancy=vacancy, search=search, source=source).order_by(), now)
    columns = []
    for status in BOARD_STAGES:
        count, oldest, total = stats.get(status.value, (0, 0, 0))
        columns.append(
            BoardColumn(
                status=status.value,
                label=status.label,
                count=count,
                oldest_days=oldest if count else None,
                average_days=round(total / count, 1) if count else None,
            )
        )
    return columns


def _as_card(row: tuple, now: dt.datetime) -> BoardCard:
    card = BoardCard(*row)
    card.days_in_stage = _days(card.status_changed_at or card.applied_at, now)
    return card


def board_cards(
    *,
    vacancy: Vacancy,
    status: str,
    offset: int,
    search: str = "",
    source: str = "",
    now: dt.datetime | None = None,
) -> list[BoardCard]:
    """The next PAGE_CARDS cards of one column from `offset` on ("show more"), in the board's order."""
    now = now or timezone.now()
    applications = board_applications(vacancy=vacancy, search=search, source=source).filter(status=status)
    rows = applications.values_list(*CARD_COLUMNS)[offset : offset + PAGE_CARDS]
    return [_as_card(row, now) for row in rows]


def board_columns(
    *, vacancy: Vacancy, search: str = "", source: str = "", now: dt.datetime | None = None
) -> list[BoardColumn]:
    """One column per stage, in pipeline order: exact counts and ages, and the first PAGE_CARDS cards
    of each (one query for all the columns); a card knows its days in the stage."""
    now = now or timezone.now()
    columns = board_stats(vacancy=vacancy, search=search, source=source, now=now)
    by_status = {column.status: column for column in columns}
    first = board_applications(vacancy=vacancy, search=search, source=source).annotate(
        place=Window(
            RowNumber(), partition_by=F("status"), order_by=[F("ai_rating").desc(), "applied_at", "id"]
        )
    )
    for row in first.filter(place__lte=PAGE_CARDS).values_list(*CARD_COLUMNS):
        card = _as_card(row, now)
        by_status[card.status].cards.append(card)
    return columns


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
