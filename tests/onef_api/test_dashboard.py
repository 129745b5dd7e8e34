import datetime as dt

import pytest
from django.utils import timezone

from candidates.models import Candidate
from tests.factories import ApplicationFactory, AttemptFactory, CandidateFactory, VacancyFactory
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


def started(candidate, status):
    return AttemptFactory(candidate=candidate, status=status, started_at=timezone.now())


def test_dashboard_counts_each_funnel_stage_in_distinct_candidates(api):
    vacancy, other_vacancy = VacancyFactory(), VacancyFactory()
    VacancyFactory(is_published=False)
    applied_twice = CandidateFactory()
    ApplicationFactory(candidate=applied_twice, vacancy=vacancy)
    ApplicationFactory(candidate=applied_twice, vacancy=other_vacancy)
    tester = CandidateFactory(status="accepted")
    ApplicationFactory(candidate=tester, vacancy=vacancy)
    AttemptFactory(candidate=tester)  # pending
    started(tester, "in_progress")
    started(tester, "passed")
    started(tester, "failed")
    invited = CandidateFactory()
    AttemptFactory(candidate=invited)  # pending only: not started
    old = CandidateFactory()
    Candidate.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=3))

    body = api.get(url("dashboard")).json()

    assert body == {
        "candidates_total": 4,
        "candidates_new_today": 3,
        "active_vacancies": 2,
        "test_attempts_pending": 2,
        "recruitment_funnel": {
            "registered": 4,
            "applied": 2,
            "test_started": 1,
            "test_completed": 1,
            "hired": 1,
        },
    }


def test_dashboard_runs_a_constant_number_of_queries(api, django_assert_num_queries):
    api.get(url("dashboard"))
    CandidateFactory.create_batch(30)
    with django_assert_num_queries(4):  # candidates, applications, attempts, vacancies (the key is cached)
        api.get(url("dashboard"))
