"""One person, one candidate: the exact match every way in asks before creating a candidate."""

import pytest
from django.utils import timezone

from candidates.selectors import candidate_by_identity
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_the_same_email_in_other_letters_is_the_same_person():
    person = CandidateFactory(email="Anna.Petrova@Example.com")
    assert candidate_by_identity(email="  anna.petrova@example.COM ") == person


def test_the_same_phone_is_the_same_person():
    person = CandidateFactory(phone="+79167654321")
    assert candidate_by_identity(phone="+79167654321", email="someone.else@example.com") == person


def test_the_same_telegram_id_wins_over_a_phone_of_someone_else():
    by_phone = CandidateFactory(phone="+79167654321")
    by_telegram = CandidateFactory(telegram_id=4242)
    assert candidate_by_identity(telegram_id=4242, phone="+79167654321") == by_telegram
    assert by_phone != by_telegram


def test_the_oldest_of_two_matches_is_chosen():
    first = CandidateFactory(email="twice@example.com")
    CandidateFactory(email="twice@example.com")
    assert candidate_by_identity(email="twice@example.com") == first


def test_nothing_given_or_nothing_matching_finds_nobody():
    CandidateFactory(email="a@example.com", phone="+79167654321")
    assert candidate_by_identity() is None
    assert candidate_by_identity(email="b@example.com", phone="+79160000000") is None


def test_an_anonymised_candidate_is_nobody():
    CandidateFactory(email="gone@example.com", anonymized_at=timezone.now())
    assert candidate_by_identity(email="gone@example.com") is None
