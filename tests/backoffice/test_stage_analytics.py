"""Stage analytics from the history: reached, conversion, median days per stage, applications per source."""

import datetime as dt

import pytest
from django.utils import timezone

from backoffice.analytics import stage_analytics
from candidates import services
from candidates.models import ApplicationSource, HistoryEntry
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def age_history(application, days: list[int]) -> None:
    """Date the application's history entries (oldest first) the given days ago."""
    entries = HistoryEntry.objects.filter(application=application).order_by("created_at", "id")
    for entry, days_ago in zip(entries, days, strict=True):
        HistoryEntry.objects.filter(pk=entry.pk).update(
            created_at=timezone.now() - dt.timedelta(days=days_ago)
        )


def test_conversion_and_median_days_per_stage_come_from_the_history(celery_eager, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    vacancy = VacancyFactory(name="Analyst")
    hr = UserFactory()
    moves = [
        (["reviewing", "interview"], [10, 8, 2], ApplicationSource.TELEGRAM, None),
        (["reviewing"], [9, 5], ApplicationSource.TELEGRAM, None),
        (["rejected"], [4, 3], ApplicationSource.BACKOFFICE, hr),
    ]
    for statuses, days, source, actor in moves:
        application = services.application_create(
            candidate=CandidateFactory(), vacancy=vacancy, source=source, actor=actor
        )
        for status in statuses:
            services.application_status_change(
                application=application, status=status, actor_label="API key 1F"
            )
        age_history(application, days)
    ApplicationFactory(vacancy=vacancy)  # from before the history and the source: "new" and "other"

    data = stage_analytics()

    (row,) = data["vacancies"]
    figures = {stage.status: stage for stage in row.stages}
    assert (row.total, row.rejected) == (4, 1)
    assert figures["new"].reached == 4
    assert (figures["reviewing"].reached, figures["reviewing"].conversion) == (2, 50.0)
    assert (figures["test_assigned"].reached, figures["test_assigned"].conversion) == (1, 50.0)  # skipped
    assert (figures["interview"].reached, figures["interview"].conversion) == (1, 100.0)
    assert figures["new"].median_days == 2.0  # stays of 2, 4 and 1 days
    assert figures["reviewing"].median_days == 6.0  # one stay of 6 days; the other is still there
    assert figures["interview"].median_days is None
    assert dict(data["sources"]) == {"Telegram bot": 2, "Back-office": 1, "Other": 1}


def test_the_analytics_run_a_bounded_number_of_queries(django_assert_max_num_queries):
    for _ in range(2):
        vacancy = VacancyFactory()
        for _ in range(5):
            ApplicationFactory(vacancy=vacancy)
    with django_assert_max_num_queries(2):
        data = stage_analytics()
    assert len(data["vacancies"]) == 2


def test_conversions_never_exceed_100_percent_when_people_skip_stages_and_go_back():
    vacancy = VacancyFactory(name="Designer")
    paths = [
        ["test_assigned", "test_completed"],  # skipped "reviewing"
        ["test_assigned", "test_completed", "interview"],  # skipped "reviewing"
        ["interview", "reviewing"],  # jumped to the interview, then went back
        ["reviewing", "rejected"],
        ["accepted"],  # hired straight away
    ]
    for statuses in paths:
        application = services.application_create(
            candidate=CandidateFactory(), vacancy=vacancy, source=ApplicationSource.CAREERS
        )
        for status in statuses:
            services.application_status_change(application=application, status=status, actor_label="HR")

    (row,) = stage_analytics()["vacancies"]

    figures = {stage.status: (stage.reached, stage.conversion) for stage in row.stages}
    assert figures == {
        "new": (5, None),
        "reviewing": (5, 100.0),  # everyone got there or further, skipping or not
        "test_assigned": (4, 80.0),
        "test_completed": (4, 100.0),
        "interview": (3, 75.0),  # going back to "reviewing" keeps the interview reached
        "accepted": (1, 100 / 3),
    }
    assert all(stage.conversion is None or stage.conversion <= 100 for stage in row.stages)
    assert row.rejected == 1
