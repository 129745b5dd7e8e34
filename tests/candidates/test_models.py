import pytest
from django.db import IntegrityError, transaction

from candidates.models import Candidate
from tests.factories import (
    AIAnalysisFactory,
    ApplicationFactory,
    AttemptFactory,
    CandidateFactory,
    GradeFactory,
    MessageFactory,
    TestFactory,
)

pytestmark = pytest.mark.django_db


def refused(factory, **kwargs) -> bool:
    try:
        with transaction.atomic():
            factory(**kwargs)
    except IntegrityError:
        return True
    return False


def test_fullname_is_built_from_name_and_surname():
    candidate = CandidateFactory(name="John", surname="Doe")

    assert Candidate.objects.get(pk=candidate.pk).fullname == "John Doe"


def test_a_telegram_account_belongs_to_one_candidate():
    CandidateFactory(telegram_id=42)

    assert refused(CandidateFactory, telegram_id=42)


def test_many_candidates_may_have_no_telegram_account():
    CandidateFactory(telegram_id=None)
    CandidateFactory(telegram_id=None)

    assert Candidate.objects.filter(telegram_id__isnull=True).count() == 2


def test_a_candidate_applies_once_per_vacancy():
    application = ApplicationFactory()

    assert refused(ApplicationFactory, candidate=application.candidate, vacancy=application.vacancy)


@pytest.mark.parametrize("rating", [101, 250])
def test_ratings_above_100_are_refused(rating):
    assert refused(CandidateFactory, ai_rating=rating)
    assert refused(AIAnalysisFactory, rating=rating)
    assert refused(GradeFactory, value=rating)


def test_an_unknown_status_cannot_be_stored():
    assert refused(CandidateFactory, status="hired")
    assert refused(AttemptFactory, status="lost")


def test_attempt_tokens_are_unique_and_unguessable():
    first, second = AttemptFactory(), AttemptFactory()

    assert first.token != second.token
    assert len(first.token) >= 43  # 32 random bytes, url-safe base64
    assert refused(AttemptFactory, token=first.token)


def test_a_started_attempt_status_needs_a_start_time():
    assert refused(AttemptFactory, status="in_progress", started_at=None)


def test_attempt_percentage_stays_within_0_and_100():
    assert refused(AttemptFactory, percentage=101)


def test_tests_need_a_positive_duration_and_a_threshold_within_0_and_100():
    assert refused(TestFactory, duration_minutes=0)
    assert refused(TestFactory, pass_threshold=120)


def test_an_inbound_telegram_message_is_stored_once():
    message = MessageFactory()

    assert refused(
        MessageFactory,
        candidate=message.candidate,
        telegram_chat_id=message.telegram_chat_id,
        telegram_message_id=message.telegram_message_id,
    )


def test_inbound_messages_carry_no_delivery_status():
    assert refused(MessageFactory, delivery_status="sent")


def test_outbound_messages_need_a_delivery_status():
    assert refused(MessageFactory, direction="outbound", delivery_status="")
