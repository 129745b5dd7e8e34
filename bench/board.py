"""Benchmark of the vacancy board and the candidate search against their SQL, on PostgreSQL.
Not part of the test suite.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h13 .venv/bin/python bench/board.py --candidates 100000

Seeds up to --candidates candidates (`seed_demo --candidates`), gives every candidate without a CV a
generated one (a few sentences of a dozen profiles), and puts --applications applications on one
vacancy. Then times, through the whole Django stack (admin login session, middleware, templates; no
network): the board page, the board filtered by a CV word, the candidate list searched by a CV word,
the same list without a search, and the search selector alone (first 50 ranked), each against a baseline that replays the same SQL
with raw psycopg (session and permission queries left out). Prints medians and ratios.
"""

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import django_setup, median_ms, raw_replay, seed_candidates

django_setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from backoffice.permissions import hr_manager_group_sync  # noqa: E402
from candidates.models import Application, Candidate, CandidateStatus, Vacancy  # noqa: E402
from candidates.selectors import candidates_search  # noqa: E402

BENCH_VACANCY = "Bench: board with many applications"
OVERHEAD_TABLES = ("django_session", "auth_user", "auth_permission", "auth_group", "django_content_type")
CV_PROFILES = [
    "Backend developer: Python, Django, PostgreSQL, Celery, Redis. Built payment services.",
    "Java and Spring Boot engineer; microservices, Kafka, Kubernetes on AWS.",
    "Data analyst: SQL, pandas, Power BI dashboards, A/B tests for e-commerce.",
    "Frontend developer: TypeScript, React, CSS, accessibility audits.",
    "DevOps engineer: Terraform, Ansible, Docker, GitLab CI, Prometheus and Grafana.",
    "QA automation: pytest, Playwright, Selenium, load tests with Locust.",
    "Разработчик Python, опыт с FastAPI и PostgreSQL, вёл команду из трёх человек.",
    "Аналитик данных: SQL, Python, визуализация в Tableau, отчёты для руководства.",
    "Mobile developer: Kotlin, Swift, Flutter; published apps with a million installs.",
    "Project manager: Scrum, Jira, budgets, hiring; previously a PHP developer.",
    "Machine learning engineer: PyTorch, scikit-learn, MLOps, feature stores.",
    "Support engineer: Linux, networking, Bash scripting, on-call rotations.",
]


def data_sql(run: Callable[[], object]) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        run()
    return [q["sql"] for q in queries.captured_queries if not any(t in q["sql"] for t in OVERHEAD_TABLES)]


def seed(candidates: int, applications: int) -> Vacancy:
    seed_candidates(candidates)
    profiles = "ARRAY[" + ", ".join("%s" for _ in CV_PROFILES) + "]"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE candidates_candidate SET cv_text = ({profiles})[1 + abs(hashtext(id::text)) %% %s]"
            f" || ' ' || ({profiles})[1 + abs(hashtext(reverse(id::text))) %% %s] WHERE cv_text = ''",
            [*CV_PROFILES, len(CV_PROFILES), *CV_PROFILES, len(CV_PROFILES)],
        )
    vacancy, _ = Vacancy.objects.get_or_create(name=BENCH_VACANCY, defaults={"requirements": "Python"})
    have = Application.objects.filter(vacancy=vacancy).count()
    if have < applications:
        taken = Application.objects.filter(vacancy=vacancy).values("candidate_id")
        people = Candidate.objects.exclude(pk__in=taken).values_list("pk", flat=True)[: applications - have]
        now, statuses = timezone.now(), CandidateStatus.values
        Application.objects.bulk_create(
            Application(
                candidate_id=pk,
                vacancy=vacancy,
                applied_at=now - dt.timedelta(hours=n),
                status=statuses[n % len(statuses)],
                status_changed_at=now - dt.timedelta(hours=n // 2),
                ai_rating=n % 101,
            )
            for n, pk in enumerate(people)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return vacancy


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--applications", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL: set DATABASE_URL.")
    vacancy = seed(args.candidates, args.applications)
    user, _ = get_user_model().objects.get_or_create(username="bench.hr", defaults={"is_staff": True})
    user.groups.add(hr_manager_group_sync())
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    board = f"/admin/candidates/vacancy/{vacancy.pk}/board/"
    cases = [
        ("board page", lambda: client.get(board).content),
        ("board filtered by 'terraform'", lambda: client.get(board, {"q": "terraform"}).content),
        (
            "board: show more (50 of a column)",
            lambda: (
                client.get(board, {"column": "new", "offset": 50}, HTTP_ACCEPT="application/json").content
            ),
        ),
        ("candidate list (no search)", lambda: client.get("/admin/candidates/candidate/").content),
        (
            "candidate list ?q=kafka",
            lambda: client.get("/admin/candidates/candidate/", {"q": "kafka"}).content,
        ),
        (
            "candidates_search('python')[:50]",
            lambda: list(
                candidates_search(Candidate.objects.all(), text="python").order_by("-search_rank")[:50]
            ),
        ),
    ]
    total = Candidate.objects.count()
    on_board = Application.objects.filter(vacancy=vacancy).count()
    print(f"PostgreSQL {connection.pg_version}, {total} candidates, {on_board} applications on the board")
    print(f"load average {os.getloadavg()} at the start")
    print(f"{'case':36} {'Django ms':>10} {'SQL ms':>9} {'ratio':>7} {'queries':>8}")
    for label, run in cases:
        statements = data_sql(run)
        django_ms = median_ms(run, args.repeat)
        sql_ms = median_ms(raw_replay(statements, lambda cursor: len(cursor.fetchall())), args.repeat)
        size = len(run()) if label.startswith("board") else 0
        print(
            f"{label:36} {django_ms:10.1f} {sql_ms:9.1f} {django_ms / sql_ms:6.1f}x {len(statements):8d}"
            + (f" {size / 1024:8.0f} KB" if size else "")
        )
    print(f"load average {os.getloadavg()} at the end")


if __name__ == "__main__":
    main()
