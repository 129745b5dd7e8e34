"""Idempotent demo data: vacancies, candidates, tests, attempts in every status, messages, grades.

Demo rows are written directly (not through the services): they describe a past that already
happened, so they must not announce webhooks or send Telegram messages. Running it again adds
nothing; `--candidates N` adds N more anonymous-looking candidates quickly, for benchmarks.
"""

import datetime as dt
import random
import uuid
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from candidates.models import (
    AIAnalysis,
    Application,
    Candidate,
    CandidateStatus,
    Grade,
    Vacancy,
    VacancySource,
)
from messaging.models import DeliveryStatus, Message, MessageDirection
from tests_app.models import Answer, Attempt, AttemptStatus, Choice, Question, QuestionKind, Test

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

TESTS = {
    "Python fundamentals": {
        "description": "Core Python and Django knowledge.",
        "duration": 20,
        "threshold": Decimal("60"),
        "questions": [
            (
                QuestionKind.SINGLE_CHOICE,
                "What does `len([1, 2, 3])` return?",
                1,
                [("3", True), ("2", False), ("An error", False)],
            ),
            (
                QuestionKind.MULTIPLE_CHOICE,
                "Which of these are immutable?",
                2,
                [("tuple", True), ("str", True), ("list", False), ("dict", False)],
            ),
            (QuestionKind.OPEN_TEXT, "Explain what a Django migration is.", 3, []),
        ],
    },
    "SQL basics": {
        "description": "Queries, joins and indexes.",
        "duration": 15,
        "threshold": Decimal("50"),
        "questions": [
            (
                QuestionKind.SINGLE_CHOICE,
                "Which clause filters groups?",
                1,
                [("HAVING", True), ("WHERE", False), ("ORDER BY", False)],
            ),
            (
                QuestionKind.MULTIPLE_CHOICE,
                "Which joins keep unmatched rows?",
                2,
                [("LEFT JOIN", True), ("FULL JOIN", True), ("INNER JOIN", False)],
            ),
        ],
    },
    "Engineering culture (no pass mark)": {
        "description": "Open questions about how you work.",
        "duration": 30,
        "threshold": None,
        "questions": [
            (QuestionKind.OPEN_TEXT, "Describe a production incident you helped resolve.", 5, []),
            (
                QuestionKind.SINGLE_CHOICE,
                "Code review should mostly be about…",
                1,
                [("Correctness and clarity", True), ("Style nits", False)],
            ),
        ],
    },
}

MESSAGES_IN = [
    "Hello! Is the position still open?",
    "I have a question about the test.",
    "Thank you, looking forward to hearing from you.",
]
MESSAGES_OUT = ["Hi! Yes, it is. We will review your CV shortly.", "Sure, ask away — we answer within a day."]


class Command(BaseCommand):
    help = "Load idempotent demo data; --candidates N adds N more candidates in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, default=0, help="Add N more candidates (bulk).")

    def handle(self, *args, candidates: int, **options):
        with transaction.atomic():
            vacancies = self._vacancies()
            tests = self._tests()
            created = self._candidates(vacancies, tests)
        self.stdout.write(
            f"Demo data ready: {len(vacancies)} vacancies, {len(tests)} tests, {created} new demo candidates."
        )
        if candidates > 0:
            self._bulk_candidates(candidates)
            self.stdout.write(f"Added {candidates} candidates in bulk.")

    def _vacancies(self) -> list[Vacancy]:
        result = []
        for name, source, requirements in VACANCIES:
            vacancy, _ = Vacancy.objects.get_or_create(
                name=name,
                defaults={
                    "source": source,
                    "requirements": requirements,
                    "description": f"Join our team as a {name}. Requirements: {requirements}.",
                },
            )
            result.append(vacancy)
        return result

    def _tests(self) -> list[Test]:
        result = []
        for title, spec in TESTS.items():
            test, created = Test.objects.get_or_create(
                title=title,
                defaults={
                    "description": spec["description"],
                    "duration_minutes": spec["duration"],
                    "pass_threshold": spec["threshold"],
                },
            )
            if created:
                for order, (kind, text, points, choices) in enumerate(spec["questions"]):
                    question = Question.objects.create(
                        test=test, kind=kind, text=text, points=points, order=order
                    )
                    Choice.objects.bulk_create(
                        Choice(question=question, text=c, is_correct=ok, order=i)
                        for i, (c, ok) in enumerate(choices)
                    )
            result.append(test)
        return result

    def _candidates(self, vacancies: list[Vacancy], tests: list[Test]) -> int:
        rng = random.Random(42)
        now = timezone.now()
        statuses = list(CandidateStatus.values)
        attempt_statuses = list(AttemptStatus.values)
        created_count = 0
        for i in range(50):
            name, surname = FIRST_NAMES[i % len(FIRST_NAMES)], SURNAMES[(i * 7) % len(SURNAMES)]
            candidate, created = Candidate.objects.get_or_create(
                telegram_id=DEMO_TELEGRAM_BASE + i,
                defaults={
                    "name": name,
                    "surname": surname,
                    "email": f"{name.lower()}.{surname.lower()}{i}@example.com",
                    "phone": f"+49151{i:07d}",
                    "dob": dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
                    "status": statuses[i % len(statuses)],
                },
            )
            if not created:
                continue
            created_count += 1
            Candidate.objects.filter(pk=candidate.pk).update(
                created_at=now - dt.timedelta(days=i % 30, hours=i)
            )
            vacancy = vacancies[i % len(vacancies)]
            application = Application.objects.create(
                candidate=candidate,
                vacancy=vacancy,
                applied_at=now - dt.timedelta(days=i % 30),
                screened_at=now,
            )
            rating = rng.randint(20, 95)
            AIAnalysis.objects.create(
                candidate=candidate,
                application=application,
                backend="demo",
                rating=rating,
                comment=f"Demo rating for {vacancy.name}.",
            )
            Candidate.objects.filter(pk=candidate.pk).update(
                ai_rating=rating, ai_comment=f"Demo rating for {vacancy.name}."
            )
            if i < 24:
                self._attempt(
                    candidate, tests[i % len(tests)], attempt_statuses[i % len(attempt_statuses)], now, rng
                )
            for j, text in enumerate(MESSAGES_IN[: 1 + i % 3]):
                Message.objects.create(
                    candidate=candidate,
                    direction=MessageDirection.INBOUND,
                    text=text,
                    is_read=i % 2 == 0,
                    telegram_chat_id=candidate.telegram_id,
                    telegram_message_id=j + 1,
                )
            if i % 2 == 0:
                Message.objects.create(
                    candidate=candidate,
                    direction=MessageDirection.OUTBOUND,
                    text=MESSAGES_OUT[i % 2],
                    is_read=True,
                    telegram_chat_id=candidate.telegram_id,
                    delivery_status=DeliveryStatus.SENT,
                    sent_at=now,
                )
            if i % 5 == 0:
                Grade.objects.create(
                    candidate=candidate,
                    value=rng.randint(50, 100),
                    comment="Demo grade",
                    shared_at=now if i % 10 == 0 else None,
                )
        return created_count

    def _attempt(
        self, candidate: Candidate, test: Test, status: str, now: dt.datetime, rng: random.Random
    ) -> None:
        started = status != AttemptStatus.PENDING
        attempt = Attempt.objects.create(
            candidate=candidate,
            test=test,
            status=status,
            expires_at=now + dt.timedelta(days=30),
            started_at=now - dt.timedelta(minutes=40) if started else None,
            deadline=now - dt.timedelta(minutes=40) + dt.timedelta(minutes=test.duration_minutes)
            if started
            else None,
            last_heartbeat_at=now - dt.timedelta(minutes=20) if started else None,
        )
        if status in {AttemptStatus.PENDING, AttemptStatus.IN_PROGRESS}:
            if status == AttemptStatus.IN_PROGRESS:
                Attempt.objects.filter(pk=attempt.pk).update(
                    deadline=now + dt.timedelta(minutes=test.duration_minutes), last_heartbeat_at=now
                )
            return
        score = max_score = Decimal(0)
        for question in test.questions.prefetch_related("choices"):
            max_score += question.points
            answer = Answer.objects.create(attempt=attempt, question=question)
            if question.kind == QuestionKind.OPEN_TEXT:
                answer.text = "A migration is a versioned change to the database schema."
                answer.points_awarded = None if status == AttemptStatus.NEEDS_REVIEW else question.points
                answer.save()
            else:
                choice = rng.choice(list(question.choices.all()))
                answer.selected_choices.set([choice])
                answer.points_awarded = (
                    question.points
                    if choice.is_correct and question.kind == QuestionKind.SINGLE_CHOICE
                    else Decimal(0)
                )
                answer.save()
            score += answer.points_awarded or 0
        percentage = (score * 100 / max_score).quantize(Decimal("0.01")) if max_score else Decimal(0)
        passed = {AttemptStatus.PASSED: True, AttemptStatus.FAILED: False}.get(status)
        Attempt.objects.filter(pk=attempt.pk).update(
            score=score,
            max_score=max_score,
            percentage=percentage,
            passed=passed,
            submitted_at=now - dt.timedelta(minutes=10)
            if status not in {AttemptStatus.TIMEOUT, AttemptStatus.ESCAPED}
            else None,
        )

    def _bulk_candidates(self, count: int) -> None:
        start = (
            Candidate.objects.filter(telegram_id__gte=BULK_TELEGRAM_BASE).aggregate(m=Max("telegram_id"))["m"]
            or BULK_TELEGRAM_BASE - 1
        ) + 1
        statuses = list(CandidateStatus.values)
        batch_size = 5000
        for offset in range(0, count, batch_size):
            rows = []
            for n in range(offset, min(count, offset + batch_size)):
                tid = start + n
                name, surname = FIRST_NAMES[n % len(FIRST_NAMES)], SURNAMES[n % len(SURNAMES)]
                rows.append(
                    Candidate(
                        id=uuid.uuid4(),
                        telegram_id=tid,
                        name=name,
                        surname=surname,
                        fullname=f"{name} {surname}",
                        email=f"bulk{tid}@example.com",
                        phone=f"+1555{tid % 10_000_000:07d}",
                        status=statuses[n % len(statuses)],
                        ai_rating=n % 101,
                    )
                )
            Candidate.objects.bulk_create(rows, batch_size=batch_size)
