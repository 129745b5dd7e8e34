"""POST /invites reuses the candidate's pending, unexpired invitation to the same test."""

import datetime as dt

import pytest
from django.utils import timezone

from onef_api.services import invitation_get_or_create
from tests.factories import AttemptFactory, CandidateFactory, TestFactory
from tests.onef_api.conftest import url
from tests_app.models import Attempt

pytestmark = pytest.mark.django_db


def invite(api, candidate, test):
    body = {"candidate_id": str(candidate.id), "test_id": str(test.id)}
    return api.post(url("invites"), body, format="json")


def test_a_second_invite_returns_the_pending_invitation_with_200_and_sends_nothing(api):
    candidate, test = CandidateFactory(telegram_id=None), TestFactory()
    first = invite(api, candidate, test)
    second = invite(api, candidate, test)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    assert Attempt.objects.count() == 1


def test_an_expired_or_started_invitation_is_not_reused(api):
    candidate, test = CandidateFactory(), TestFactory()
    AttemptFactory(candidate=candidate, test=test, expires_at=timezone.now() - dt.timedelta(minutes=1))
    AttemptFactory(candidate=candidate, test=test, status="in_progress", started_at=timezone.now())
    assert invite(api, candidate, test).status_code == 201
    assert Attempt.objects.count() == 3


def test_an_invitation_to_another_test_is_a_new_one():
    candidate = CandidateFactory(telegram_id=None)
    first, created_first = invitation_get_or_create(
        candidate=candidate, test=TestFactory(), expires_in_hours=1
    )
    second, created_second = invitation_get_or_create(
        candidate=candidate, test=TestFactory(), expires_in_hours=1
    )
    assert created_first and created_second and first != second
