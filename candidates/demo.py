"""Demo vacancies and candidates (with applications, AI analyses and grades) for `seed_demo`.

Demo rows are written directly, not through the services: they describe a past that already
happened, so they must not announce webhooks or send Telegram messages.
"""

import datetime as dt
import random
import uuid

from django.db.models import Max
from django.utils import timezone

from candidates.demo_story import PATHS, WEEKS, Story, application_with_story, story
from candidates.models import (
    Application,
    ApplicationSource,
    Candidate,
    CandidateStatus,
    Grade,
    Vacancy,
    VacancySource,
)
from core.bulk import bulk_insert

DEMO_CANDIDATES = 50
DEMO_TELEGRAM_BASE = 900_000_000
BULK_TELEGRAM_BASE = 2_000_000_000
FIRST_NAMES = [
    "Anna",
    "Ben",
    "Chloe",
    "David",
    "Elena",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kira",
    "Liam",
    "Mila",
    "Noah",
    "Olga",
    "Pavel",
    "Queenie",
    "Rafael",
    "Sara",
    "Tomas",
]
SURNAMES = [
    "Novak",
    "Schmidt",
    "Rossi",
    "Garcia",
    "Ivanova",
    "Kowalski",
    "Dubois",
    "Jensen",
    "Silva",
    "Yilmaz",
]

VACANCIES = [
    (
        "Senior Rust Developer",
        VacancySource.INTERNAL,
        "Rust, Tokio, PostgreSQL, 5+ years of experience, English",
    ),
    (
        "Python Backend Developer",
        VacancySource.INTERNAL,
        "Python, Django, PostgreSQL, Celery, Redis, 3+ years",
    ),
    ("Frontend Engineer", VacancySource.EXTERNAL, "JavaScript, TypeScript, React, CSS, 2+ years"),
    ("DevOps Engineer", VacancySource.EXTERNAL, "Kubernetes, Docker, Terraform, AWS, Linux, 4+ years"),
    ("Data Analyst", VacancySource.INTERNAL, "SQL, Python, pandas, statistics, English"),
    ("QA Automation Engineer", VacancySource.EXTERNAL, "Python, pytest, Playwright, CI, 2+ years"),
]


def demo_candidates() -> list[Candidate]:
    """The demo candidates in their fixed order (the other apps' demo data hangs off them)."""
    by_telegram_id = {
        c.telegram_id: c
        for c in Candidate.objects.filter(
            telegram_id__gte=DEMO_TELEGRAM_BASE, telegram_id__lt=DEMO_TELEGRAM_BASE + DEMO_CANDIDATES
        )
    }
    return [
        by_telegram_id[DEMO_TELEGRAM_BASE + i]
        for i in range(DEMO_CANDIDATES)
        if DEMO_TELEGRAM_BASE + i in by_telegram_id
    ]


def seed_demo() -> str:
    vacancies = _vacancies()
    created = sum(_candidate(i, vacancies) for i in range(DEMO_CANDIDATES))
    return f"{len(vacancies)} vacancies, {created} new demo candidates"


EARLIER_APPLICATION_DAYS = 12  # before the main one, for the demo's candidates with two applications


def _vacancies() -> list[Vacancy]:
    result = []
    for name, source, requirements in VACANCIES:
        vacancy, created = Vacancy.objects.get_or_create(
            name=name,
            defaults={
                "source": source,
                "requirements": requirements,
                "description": f"Join our team as a {name}. Requirements: {requirements}.",
            },
        )
        if created:  # opened before the demo's stories (and their earlier applications): time to fill >= 0
            vacancy.created_at = timezone.now() - dt.timedelta(weeks=WEEKS, days=EARLIER_APPLICATION_DAYS + 2)
            Vacancy.objects.filter(pk=vacancy.pk).update(created_at=vacancy.created_at)
        result.append(vacancy)
    return result


def _candidate(i: int, vacancies: list[Vacancy]) -> bool:
    now = timezone.now()
    rng = random.Random(42 + i)
    statuses = list(CandidateStatus.values)
    status = statuses[i % len(statuses)]
    name, surname = FIRST_NAMES[i % len(FIRST_NAMES)], SURNAMES[(i * 7) % len(SURNAMES)]
    told = story(i, status, now)
    candidate, created = Candidate.objects.get_or_create(
        telegram_id=DEMO_TELEGRAM_BASE + i,
        defaults={
            "name": name,
            "surname": surname,
            "email": f"{name.lower()}.{surname.lower()}{i}@example.com",
            "phone": f"+7916{i:07d}",
            "dob": dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
            "status": status,
            "language": told.language,
        },
    )
    if not created:
        return False
    Candidate.objects.filter(pk=candidate.pk).update(created_at=told.applied_at - dt.timedelta(hours=1))
    vacancy = vacancies[i % len(vacancies)]
    application = application_with_story(candidate, vacancy, told, status, now, rng)
    if i % 8 == 1:  # an earlier application to another vacancy: the card shows both
        earlier = Story(
            ApplicationSource.CAREERS,
            told.applied_at - dt.timedelta(days=EARLIER_APPLICATION_DAYS),
            [],
            told.language,
        )
        closed = status in (CandidateStatus.ACCEPTED, CandidateStatus.REJECTED)
        second = CandidateStatus.REJECTED if closed else CandidateStatus.REVIEWING
        earlier = Story(earlier.source, earlier.applied_at, PATHS[second][0], earlier.language)
        application_with_story(candidate, vacancies[(i + 1) % len(vacancies)], earlier, second, now, rng)
    Candidate.objects.filter(pk=candidate.pk).update(
        ai_rating=application.ai_rating, ai_comment=application.ai_comment, cv_text=application.cv_text
    )
    if i % 5 == 0:
        Grade.objects.create(
            candidate=candidate,
            value=rng.randint(50, 100),
            comment="Demo grade",
            shared_at=now if i % 10 == 0 else None,
        )
    return True


# Bulk candidates look like a real pipeline (for the dashboard's benchmark): most are new or in
# review, few are hired; 70 % applied (one vacancy in ten of those a second one); created over the
# last two years, the newest first (a few today).
BULK_STATUS_WEIGHTS = {
    CandidateStatus.NEW: 30,
    CandidateStatus.REVIEWING: 20,
    CandidateStatus.TEST_ASSIGNED: 10,
    CandidateStatus.TEST_COMPLETED: 10,
    CandidateStatus.INTERVIEW: 5,
    CandidateStatus.ACCEPTED: 3,
    CandidateStatus.REJECTED: 22,
}
BULK_SPREAD = dt.timedelta(days=730)


def seed_bulk(count: int) -> str:
    """`count` more anonymous-looking candidates with applications, inserted in bulk (benchmarks)."""
    start = (
        Candidate.objects.filter(telegram_id__gte=BULK_TELEGRAM_BASE).aggregate(m=Max("telegram_id"))["m"]
        or BULK_TELEGRAM_BASE - 1
    ) + 1
    vacancies = list(Vacancy.objects.order_by("id").values_list("id", flat=True))
    rng, now = random.Random(start), timezone.now()
    statuses = rng.choices(list(BULK_STATUS_WEIGHTS), weights=list(BULK_STATUS_WEIGHTS.values()), k=count)
    candidates = [
        _bulk_candidate(n, start + n, statuses[n], now - BULK_SPREAD * (n / count)) for n in range(count)
    ]
    bulk_insert(Candidate, candidates)
    applications = (
        bulk_insert(Application, _bulk_applications(candidates, vacancies, rng)) if vacancies else 0
    )
    return f"{count} candidates and {applications} applications added in bulk"


def _bulk_candidate(n: int, telegram_id: int, status: str, created_at: dt.datetime) -> Candidate:
    name, surname = FIRST_NAMES[n % len(FIRST_NAMES)], SURNAMES[n % len(SURNAMES)]
    return Candidate(
        id=uuid.uuid4(),
        telegram_id=telegram_id,
        name=name,
        surname=surname,
        fullname=f"{name} {surname}",
        email=f"bulk{telegram_id}@example.com",
        phone=f"+7999{telegram_id % 10_000_000:07d}",
        status=status,
        ai_rating=n % 101,
        created_at=created_at,
        updated_at=created_at,
    )


def _bulk_applications(candidates: list[Candidate], vacancies: list[int], rng: random.Random):
    for candidate in candidates:
        if candidate.status == CandidateStatus.NEW and rng.random() < 0.5:
            continue  # registered in the bot, not applied yet
        for vacancy_id in rng.sample(vacancies, 2 if rng.random() < 0.1 and len(vacancies) > 1 else 1):
            yield Application(
                candidate_id=candidate.id,
                vacancy_id=vacancy_id,
                applied_at=candidate.created_at,
                status=candidate.status,
                ai_rating=candidate.ai_rating,
                created_at=candidate.created_at,
                updated_at=candidate.created_at,
            )
