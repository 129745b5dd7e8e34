"""Stage analytics for the dashboard, computed from the history (every path records its moves there).

Per published vacancy: how many applications reached each stage of the pipeline (got to it or
further: a skipped stage counts as passed, going back keeps the furthest), the conversion from the
stage before (never above 100 %), and the median days an application stayed in each stage before leaving it; and
applications per source (`Application.source`: the bot, the careers page, the back-office, ...).
Two queries, whatever the number of applications; the timelines are walked in Python.
"""

import datetime as dt
import itertools
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from candidates.models import (
    Application,
    ApplicationSource,
    CandidateStatus,
    HistoryEntry,
    HistoryKind,
    Vacancy,
)

PIPELINE = [
    CandidateStatus.NEW,
    CandidateStatus.REVIEWING,
    CandidateStatus.TEST_ASSIGNED,
    CandidateStatus.TEST_COMPLETED,
    CandidateStatus.INTERVIEW,
    CandidateStatus.ACCEPTED,
]
PIPELINE_INDEX = {stage.value: index for index, stage in enumerate(PIPELINE)}


@dataclass(frozen=True)
class VacancyName:
    pk: int
    name: str


@dataclass(frozen=True)
class StageFigures:
    status: str
    label: str
    reached: int
    conversion: float | None  # percent of the stage before; None for the first
    median_days: float | None  # of the stays that ended; None when none has


@dataclass(frozen=True)
class VacancyAnalytics:
    vacancy: VacancyName
    total: int
    stages: list[StageFigures]
    rejected: int


def _history_rows(vacancies: QuerySet[Vacancy]):
    return (
        HistoryEntry.objects.filter(
            application__vacancy__in=vacancies, kind__in=[HistoryKind.APPLIED, HistoryKind.STATUS_CHANGED]
        )
        .order_by("application_id", "created_at", "id")
        .values_list("application_id", "to_value", "created_at")
        .iterator(chunk_size=5000)
    )


def _timelines(vacancies: QuerySet[Vacancy]) -> dict:
    """Per application: [(stage, entered at), ...] in order."""
    timelines: dict[int, list[tuple[str, dt.datetime]]] = defaultdict(list)
    for application_id, to_value, created_at in _history_rows(vacancies):
        timelines[application_id].append((to_value or CandidateStatus.NEW, created_at))
    return timelines


def _furthest_stage(timeline: list, status: str) -> int:
    """The index in PIPELINE of the furthest stage the application ever got to (history or current status)."""
    stages = {stage for stage, _at in timeline} | {status, CandidateStatus.NEW}
    return max(PIPELINE_INDEX[stage] for stage in stages if stage in PIPELINE_INDEX)


def _vacancy_figures(vacancy: VacancyName, applications: list, timelines: dict) -> VacancyAnalytics:
    furthest: Counter = Counter()
    stays: dict[str, list[float]] = defaultdict(list)
    rejected = 0
    for application_id, status, applied_at in applications:
        timeline = timelines.get(application_id) or [(CandidateStatus.NEW, applied_at)]
        for (stage, entered), (_next, left) in itertools.pairwise(timeline):
            stays[stage].append((left - entered).total_seconds() / 86400)
        furthest[_furthest_stage(timeline, status)] += 1
        rejected += status == CandidateStatus.REJECTED
    stages, previous = [], None
    for index, stage in enumerate(PIPELINE):
        # Reached: got to this stage or a later one (a skipped stage was passed; going back keeps the
        # furthest), so the counts never grow down the pipeline and a conversion never exceeds 100 %.
        count = sum(n for at, n in furthest.items() if at >= index)
        conversion = None if previous is None else (100.0 * count / previous if previous else 0.0)
        median = round(statistics.median(stays[stage]), 1) if stays[stage] else None
        stages.append(StageFigures(stage.value, stage.label, count, conversion, median))
        previous = count
    return VacancyAnalytics(vacancy, len(applications), stages, rejected)


def stage_analytics(*, limit: int = 20) -> dict:
    """The dashboard's analytics for the published vacancies with applications (most applications first)."""
    vacancies = Vacancy.objects.filter(is_published=True, applications__isnull=False).distinct()
    per_vacancy: dict[int, list] = defaultdict(list)
    names: dict[int, VacancyName] = {}
    sources: Counter = Counter()
    rows = Application.objects.filter(vacancy__in=vacancies).values_list(
        "vacancy_id", "vacancy__name", "id", "status", "applied_at", "source"
    )
    for vacancy_id, name, application_id, status, applied_at, source in rows.iterator(chunk_size=5000):
        per_vacancy[vacancy_id].append((application_id, status, applied_at))
        names.setdefault(vacancy_id, VacancyName(vacancy_id, name))
        sources[source] += 1
    timelines = _timelines(vacancies)
    chosen = sorted(per_vacancy, key=lambda pk: -len(per_vacancy[pk]))[:limit]
    return {
        "vacancies": [_vacancy_figures(names[pk], per_vacancy[pk], timelines) for pk in chosen],
        "sources": [(source.label, sources[source]) for source in ApplicationSource if sources[source]],
        "pipeline": [(stage.value, stage.label) for stage in PIPELINE],
    }
