"""onef_api.selectors.candidate_detail: GET /candidates/{id} in three queries compiled once per
process, with the same rows as the ORM's selectors (the bytes are compared in test_bodies.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from onef_api.selectors import candidate_detail
from tests.factories import ApplicationFactory, AttemptFactory, CandidateFactory, MessageFactory, TestFactory
from tests.onef_api.conftest import url
from tests_app.models import Attempt
from tests_app.selectors import attempts_latest

pytestmark = pytest.mark.django_db


def test_the_detail_runs_three_queries_whatever_the_candidate_has(api, django_assert_num_queries):
    bare, busy = CandidateFactory(), CandidateFactory()
    ApplicationFactory.create_batch(3, candidate=busy)
    AttemptFactory.create_batch(4, candidate=busy)
    MessageFactory.create_batch(2, candidate=busy)
    api.get(url("dashboard"))  # the key's last_used_at is written once a minute: not in the counts
    for candidate in (bare, busy):
        with django_assert_num_queries(3):  # the candidate with its unread count, applications, attempts
            assert api.get(url(f"candidates/{candidate.id}")).status_code == 200


def test_the_ten_latest_attempts_come_newest_first_ties_broken_by_id_as_the_orm_orders_them():
    candidate = CandidateFactory()
    test = TestFactory()
    AttemptFactory.create_batch(12, candidate=candidate, test=test)
    same_moment = timezone.now() - dt.timedelta(hours=1)
    Attempt.objects.filter(candidate=candidate).update(created_at=same_moment)
    AttemptFactory(candidate=candidate, test=test)
    detail = candidate_detail(candidate_id=candidate.id)
    assert [row[0] for row in detail.attempts] == [a.id for a in attempts_latest(candidate=candidate)]
    assert len(detail.attempts) == 10


def test_each_candidate_gets_its_own_rows_from_the_same_compiled_sql():
    first, second = CandidateFactory(name="First"), CandidateFactory(name="Second")
    ApplicationFactory(candidate=first)
    MessageFactory.create_batch(2, candidate=second)
    one, two = candidate_detail(candidate_id=first.id), candidate_detail(candidate_id=second.id)
    assert (one.candidate[0], one.candidate[-1], len(one.applications)) == (first.id, 0, 1)
    assert (two.candidate[0], two.candidate[-1], len(two.applications)) == (second.id, 2, 0)


def test_an_unknown_candidate_is_none(api):
    assert candidate_detail(candidate_id=CandidateFactory.build().id) is None
