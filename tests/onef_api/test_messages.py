import pytest

from messaging.models import DeliveryStatus, Message
from tests.factories import CandidateFactory, MessageFactory, OutboundMessageFactory
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


def test_chat_history_returns_every_message_oldest_first_and_marks_inbound_read(api):
    candidate = CandidateFactory()
    first = MessageFactory(candidate=candidate, text="Hello!")
    second = OutboundMessageFactory(candidate=candidate, text="Hi")
    MessageFactory()  # someone else's, stays unread
    response = api.get(url(f"messages/{candidate.id}"))
    assert response.status_code == 200
    body = response.json()
    assert [m["id"] for m in body] == [str(first.id), str(second.id)]
    assert body[0] | {"created_at": None} == {
        "id": str(first.id),
        "candidate_id": str(candidate.id),
        "direction": "inbound",
        "text": "Hello!",
        "created_at": None,
        "is_read": True,
        "delivery_status": "",
    }
    assert Message.objects.filter(is_read=False).count() == 1


def test_chat_history_of_an_unknown_candidate_is_a_404(api):
    assert api.get(url("messages/00000000-0000-0000-0000-000000000001")).status_code == 404


def test_send_stores_a_queued_outbound_message_and_answers_201(api):
    candidate = CandidateFactory()
    response = api.post(
        url("messages"), {"candidate_id": str(candidate.id), "text": "See you"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    message = Message.objects.get()
    assert body["id"] == str(message.id)
    assert body["direction"] == "outbound" and body["delivery_status"] == DeliveryStatus.QUEUED
    assert message.telegram_chat_id == candidate.telegram_id


def test_send_to_a_candidate_without_any_channel_is_a_409(api):
    candidate = CandidateFactory(telegram_id=None)  # an e-mail, but no consent recorded
    response = api.post(url("messages"), {"candidate_id": str(candidate.id), "text": "Hi"}, format="json")
    assert response.status_code == 409
    assert "no channel to reach them" in response.json()["detail"]
    assert not Message.objects.exists()


def test_send_to_an_email_only_candidate_goes_by_email_and_answers_201(api):
    from django.utils import timezone

    candidate = CandidateFactory(telegram_id=None, consent_at=timezone.now())  # applied on the careers page
    response = api.post(url("messages"), {"candidate_id": str(candidate.id), "text": "Hi"}, format="json")
    assert response.status_code == 201
    message = Message.objects.get()
    assert (message.channel, message.candidate_channel.address, message.telegram_chat_id) == (
        "email",
        candidate.email,
        None,
    )


@pytest.mark.parametrize("text", ["", "   ", "x" * 4097])
def test_send_empty_or_too_long_text_is_a_400(api, text):
    candidate = CandidateFactory()
    response = api.post(url("messages"), {"candidate_id": str(candidate.id), "text": text}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()


def test_send_to_an_unknown_candidate_is_a_400_on_the_field(api):
    response = api.post(
        url("messages"), {"candidate_id": "00000000-0000-0000-0000-000000000002", "text": "Hi"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"candidate_id": ["No candidate with this id."]}


def test_unread_counts_inbound_unread_messages_of_everyone(api):
    MessageFactory.create_batch(3)
    MessageFactory(is_read=True)
    OutboundMessageFactory()
    assert api.get(url("messages/unread")).json() == {"unread_count": 3}
