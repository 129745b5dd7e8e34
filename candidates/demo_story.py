"""The story behind each demo candidate, so every dashboard panel is true on a fresh `seed_demo`:
where the application came from (Telegram, the careers page, the 1F API, hh.ru, the back-office),
a CV, the AI analysis the local analyzer makes of it (stored with its breakdown, so HR reads the
comment in their own language), and the stages it went through, spread over the last eight weeks
(some skip a stage, one in a while goes back), written to the history as the services would.
"""

import datetime as dt
import random
from dataclasses import dataclass

from candidates.models import (
    AIAnalysis,
    Application,
    ApplicationSource,
    Candidate,
    CandidateStatus,
    HistoryEntry,
    HistoryKind,
    Vacancy,
)
from candidates.screening.local import local_analyze

S = CandidateStatus
SOURCES = [
    ApplicationSource.TELEGRAM,
    ApplicationSource.CAREERS,
    ApplicationSource.TELEGRAM,
    ApplicationSource.API,
    ApplicationSource.HH,
    ApplicationSource.CAREERS,
    ApplicationSource.TELEGRAM,
    ApplicationSource.BACKOFFICE,
]
# The stages an application went through before its current one (the last); variants by candidate.
PATHS = {
    S.NEW: [[]],
    S.REVIEWING: [[S.REVIEWING], [S.REVIEWING, S.INTERVIEW, S.REVIEWING]],  # went back
    S.TEST_ASSIGNED: [[S.REVIEWING, S.TEST_ASSIGNED], [S.TEST_ASSIGNED]],  # skipped the review
    S.TEST_COMPLETED: [[S.REVIEWING, S.TEST_ASSIGNED, S.TEST_COMPLETED]],
    S.INTERVIEW: [[S.REVIEWING, S.TEST_ASSIGNED, S.TEST_COMPLETED, S.INTERVIEW], [S.REVIEWING, S.INTERVIEW]],
    S.ACCEPTED: [[S.REVIEWING, S.TEST_ASSIGNED, S.TEST_COMPLETED, S.INTERVIEW, S.ACCEPTED]],
    S.REJECTED: [[S.REVIEWING, S.REJECTED], [S.REVIEWING, S.TEST_ASSIGNED, S.TEST_COMPLETED, S.REJECTED]],
}
WEEKS = 8
ACTOR = "demo"


@dataclass(frozen=True)
class Story:
    source: str
    applied_at: dt.datetime
    path: list[str]
    language: str


def story(i: int, status: str, now: dt.datetime) -> Story:
    days_ago = 1 + (i * 37) % (WEEKS * 7)
    variants = PATHS[S(status)]
    return Story(
        source=SOURCES[i % len(SOURCES)],
        applied_at=now - dt.timedelta(days=days_ago, hours=i % 9),
        path=list(variants[i % len(variants)]),
        language="ru" if i % 3 else "en",
    )


def demo_cv(name: str, vacancy: Vacancy, rng: random.Random) -> str:
    """A short CV naming some of the vacancy's skills (so the ratings differ), years and English."""
    skills = [s.strip() for s in vacancy.requirements.split(",") if s.strip() and "year" not in s]
    kept = [s for s in skills if rng.random() < 0.7 and s != "English"] or skills[:1]
    years = rng.randint(1, 8)
    english = rng.choice(["English B2", "English C1", "English A2", ""])
    return (
        f"{name}\n{vacancy.name.split()[-1]} with {years} years "
        f"of experience.\nSkills: {', '.join(kept)}.\n{english}\n"
        f"{2025 - years}–2025: built and ran production services at Example LLC."
    ).strip()


def history_write(
    application: Application, path: list[str], applied_at: dt.datetime, now: dt.datetime
) -> None:
    """The APPLIED entry and one STATUS_CHANGED per move, spread between applying and a day ago."""
    step = (now - dt.timedelta(days=1) - applied_at) / (len(path) + 1)
    entries = [HistoryEntry(kind=HistoryKind.APPLIED, to_value=S.NEW, details={"source": application.source})]
    previous = S.NEW
    for stage in path:
        entries.append(HistoryEntry(kind=HistoryKind.STATUS_CHANGED, from_value=previous, to_value=stage))
        previous = stage
    for entry in entries:
        entry.candidate_id, entry.application = application.candidate_id, application
        entry.actor_label = ACTOR
    created = HistoryEntry.objects.bulk_create(entries)
    for index, entry in enumerate(created):  # auto_now_add set "now": date each move in the past
        HistoryEntry.objects.filter(pk=entry.pk).update(created_at=applied_at + step * index)
    Application.objects.filter(pk=application.pk).update(status_changed_at=applied_at + step * len(path))


def application_with_story(
    candidate: Candidate, vacancy: Vacancy, story: Story, status: str, now: dt.datetime, rng: random.Random
) -> Application:
    cv_text = demo_cv(candidate.fullname, vacancy, rng)
    result = local_analyze(cv_text=cv_text, vacancy=vacancy, today=now.date())
    application = Application.objects.create(
        candidate=candidate,
        vacancy=vacancy,
        applied_at=story.applied_at,
        source=story.source,
        screened_at=story.applied_at,
        status=status,
        ai_rating=result.rating,
        ai_comment=result.comment,
        cv_text=cv_text,
    )
    analysis = AIAnalysis.objects.create(
        candidate=candidate,
        application=application,
        backend=result.backend,
        model=result.model,
        rating=result.rating,
        comment=result.comment,
        breakdown=result.breakdown,
    )
    AIAnalysis.objects.filter(pk=analysis.pk).update(created_at=story.applied_at)
    history_write(application, story.path, story.applied_at, now)
    return application
