"""Every list runs the same number of SQL queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ApplicationFactory,
    AttemptFactory,
    CandidateFactory,
    MessageFactory,
    QuestionFactory,
    TestFactory,
    VacancyFactory,
)
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


def seed(rows: int) -> dict:
    candidate = CandidateFactory()
    test = TestFactory()
    vacancy = VacancyFactory()
    for _ in range(rows):
        ApplicationFactory(vacancy=vacancy, candidate=CandidateFactory())
        AttemptFactory(candidate=candidate, test=test)
        MessageFactory(candidate=candidate)
        QuestionFactory(test=TestFactory())
        VacancyFactory()
    return {"candidate": candidate.id, "vacancy": vacancy.id}


LISTS = [
    "candidates",
    "candidates?limit=2&page=2",
    "candidates?vacancy_id={vacancy}&status=new,reviewing",
    "attempts",
    "attempts?email=x@example.com&limit=5",
    "candidates/{candidate}/attempts",
    "messages/{candidate}",
    "tests",
    "vacancies",
    "dictionaries/candidate-statuses",
]


def count_queries(api, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url(path))
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("path", LISTS)
def test_a_list_runs_a_constant_number_of_queries_at_3_and_300_rows(api, path, django_assert_num_queries):
    ids = seed(3)
    api.get(url("dashboard"))  # the key's last_used_at is written once a minute: not in the counts
    expected = count_queries(api, path.format(**ids))
    more = seed(297)
    with django_assert_num_queries(expected):
        response = api.get(url(path.format(**more)))
    assert response.status_code == 200
    if "limit" not in path and path.startswith(("attempts", "messages")):
        assert len(response.json()) >= 297
