"""The four reports, each as a table (headers and rows) the page, the CSV and the XLSX share.

Filters: a vacancy, a period (the applications that arrived in it) and a source. Each table is one
query, whatever the number of vacancies, applications and history entries.
"""

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Lead
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from automation.models import RejectionRecord
from candidates.models import (
    Application,
    ApplicationSource,
    CandidateStatus,
    HistoryEntry,
    HistoryKind,
    Vacancy,
)

# The ways in the conversion table always shows, even with no application from them.
MAIN_SOURCES = [
    ApplicationSource.TELEGRAM,
    ApplicationSource.CAREERS,
    ApplicationSource.HH,
    ApplicationSource.API,
]
STAGE_ENTRY_KINDS = (HistoryKind.STATUS_CHANGED, HistoryKind.APPLIED)


@dataclass(frozen=True)
class ReportFilters:
    vacancy_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    source: str = ""


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    filters: ReportFilters
    tables: list[Table]


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _scope_q(filters: ReportFilters, prefix: str = "") -> Q:
    q = Q()
    if filters.vacancy_id is not None:
        q &= Q(**{f"{prefix}vacancy_id": filters.vacancy_id})
    if filters.source:
        q &= Q(**{f"{prefix}source": filters.source})
    if filters.date_from is not None:
        q &= Q(**{f"{prefix}applied_at__gte": _day_start(filters.date_from)})
    if filters.date_to is not None:
        q &= Q(**{f"{prefix}applied_at__lt": _day_start(filters.date_to + dt.timedelta(days=1))})
    return q


def applications_in_scope(filters: ReportFilters) -> QuerySet[Application]:
    return Application.objects.filter(_scope_q(filters))


def _days(delta: dt.timedelta) -> float:
    return round(delta.total_seconds() / 86400, 1)


def _fill_state(target: dt.date | None, filled: dt.datetime | None, today: dt.date) -> str:
    if target is None:
        return _("no target date")
    if filled is not None:
        return _("filled on time") if timezone.localdate(filled) <= target else _("filled late")
    return _("open, on track") if today <= target else _("open, overdue")


def _vacancies_with_first_hire(filters: ReportFilters) -> QuerySet[Vacancy]:
    scoped = applications_in_scope(filters)
    first_hire = (
        HistoryEntry.objects.filter(
            application__vacancy_id=OuterRef("pk"),
            application__in=scoped,
            kind=HistoryKind.STATUS_CHANGED,
            to_value=CandidateStatus.ACCEPTED,
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )
    vacancies = (
        Vacancy.objects.all() if filters.vacancy_id is None else Vacancy.objects.filter(pk=filters.vacancy_id)
    )
    return (
        vacancies.annotate(
            applied=Count("applications", filter=_scope_q(filters, "applications__")),
            filled_at=Subquery(first_hire),
            target_date=F("plan__target_date"),
        )
        .filter(Q(applied__gt=0) | Q(pk=filters.vacancy_id or 0))
        .order_by("name", "id")
    )


def time_to_fill(filters: ReportFilters, *, now: dt.datetime | None = None) -> Table:
    now = now or timezone.now()
    table = Table(
        "time_to_fill",
        _("Time to fill"),
        [
            _("Vacancy"),
            _("Opened"),
            _("Fill by"),
            _("Applications"),
            _("First hire"),
            _("Days to fill"),
            _("State"),
        ],
        note=_("Days from the vacancy's creation to its first accepted application."),
    )
    for vacancy in _vacancies_with_first_hire(filters):
        filled = vacancy.filled_at
        table.rows.append(
            [
                vacancy.name,
                timezone.localdate(vacancy.created_at),
                vacancy.target_date,
                vacancy.applied,
                timezone.localdate(filled) if filled else None,
                _days(filled - vacancy.created_at) if filled else None,
                _fill_state(vacancy.target_date, filled, timezone.localdate(now)),
            ]
        )
    return table


def time_per_stage(filters: ReportFilters, *, now: dt.datetime | None = None) -> Table:
    """From the history: each stay in a stage lasts until the application's next move (or now)."""
    now = now or timezone.now()
    entries = (
        HistoryEntry.objects.filter(
            application__in=applications_in_scope(filters), kind__in=STAGE_ENTRY_KINDS
        )
        .annotate(
            left_at=Window(
                Lead("created_at"), partition_by=[F("application_id")], order_by=[F("created_at"), F("id")]
            )
        )
        .values_list("to_value", "created_at", "left_at")
    )
    stays: dict[str, list[float]] = {}
    current: dict[str, int] = {}
    for stage, entered, left in entries:
        stays.setdefault(stage, []).append(_days((left or now) - entered))
        current[stage] = current.get(stage, 0) + (left is None)
    table = Table(
        "time_per_stage",
        _("Time per stage"),
        [_("Stage"), _("Stays"), _("Still there"), _("Average days"), _("Median days"), _("Longest days")],
        note=_("A stay lasts from entering the stage to the next move; one still there counts until now."),
    )
    for status in CandidateStatus:
        days = stays.get(status.value, [])
        if not days:
            table.rows.append([str(status.label), 0, 0, None, None, None])
            continue
        average = round(sum(days) / len(days), 1)
        table.rows.append(
            [
                str(status.label),
                len(days),
                current[status.value],
                average,
                round(statistics.median(days), 1),
                max(days),
            ]
        )
    return table


def _reached(stages: list[str]) -> Exists:
    return Exists(
        HistoryEntry.objects.filter(
            application_id=OuterRef("pk"), kind__in=STAGE_ENTRY_KINDS, to_value__in=stages
        )
    )


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _conversion_counts(filters: ReportFilters) -> dict[str, dict]:
    rows = (
        applications_in_scope(filters)
        .annotate(
            tested=_reached([CandidateStatus.TEST_ASSIGNED, CandidateStatus.TEST_COMPLETED]),
            interviewed=_reached([CandidateStatus.INTERVIEW]),
        )
        .order_by()
        .values("source")
        .annotate(
            total=Count("id"),
            n_tested=Count("id", filter=Q(tested=True)),
            n_interviewed=Count("id", filter=Q(interviewed=True)),
            n_accepted=Count("id", filter=Q(status=CandidateStatus.ACCEPTED)),
            n_rejected=Count("id", filter=Q(status=CandidateStatus.REJECTED)),
        )
    )
    return {row["source"]: row for row in rows}


NO_APPLICATIONS = {"total": 0, "n_tested": 0, "n_interviewed": 0, "n_accepted": 0, "n_rejected": 0}


def source_conversion(filters: ReportFilters) -> Table:
    by_source = _conversion_counts(filters)
    sources = (
        [filters.source]
        if filters.source
        else [*MAIN_SOURCES, *(s for s in by_source if s not in MAIN_SOURCES)]
    )
    headers = [_("Source"), _("Applications"), _("Reached a test"), _("Reached an interview"), _("Accepted")]
    headers += [_("Rejected"), _("Interview rate, %"), _("Hire rate, %")]
    table = Table("source_conversion", _("Source conversion"), headers)
    for source in sources:
        row = by_source.get(source, NO_APPLICATIONS)
        label = str(ApplicationSource(source).label) if source in ApplicationSource.values else source
        total = row["total"]
        counts = [row["n_tested"], row["n_interviewed"], row["n_accepted"], row["n_rejected"]]
        rates = [_percent(row["n_interviewed"], total), _percent(row["n_accepted"], total)]
        table.rows.append([label, total, *counts, *rates])
    return table


def rejection_reasons(filters: ReportFilters) -> Table:
    scoped = applications_in_scope(filters)
    rows = list(
        RejectionRecord.objects.filter(application__in=scoped)
        .order_by()
        .values("reason__name_en", "reason__name_ru", "reason__position", "reason__code")
        .annotate(n=Count("application_id", distinct=True))
        .order_by("reason__position", "reason__code")
    )
    rejected_without = (
        scoped.filter(status=CandidateStatus.REJECTED).exclude(rejection_records__isnull=False).count()
    )
    total = sum(row["n"] for row in rows) + rejected_without
    language = (translation.get_language() or "en")[:2]
    table = Table("rejection_reasons", _("Rejection reasons"), [_("Reason"), _("Rejections"), _("Share, %")])
    for row in rows:
        name = (
            row["reason__name_ru"] if language == "ru" and row["reason__name_ru"] else row["reason__name_en"]
        )
        table.rows.append([name, row["n"], _percent(row["n"], total)])
    if rejected_without:
        table.rows.append([_("Not given"), rejected_without, _percent(rejected_without, total)])
    return table


def report_build(filters: ReportFilters, *, now: dt.datetime | None = None) -> Report:
    return Report(
        filters,
        [
            time_to_fill(filters, now=now),
            time_per_stage(filters, now=now),
            source_conversion(filters),
            rejection_reasons(filters),
        ],
    )
