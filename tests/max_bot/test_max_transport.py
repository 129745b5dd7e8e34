"""HR's replies and the platform's messages reach MAX users through the MAX transport
(messaging/max_transport.py) and the fake MAX API: text, buttons (test links), files (.ics)."""

import pytest

from candidates.models import Candidate
from max_bot.services import max_user_link
from messaging import delivery, services
from messaging.models import CandidateChannel, DeliveryStatus, Message, MessageDirection
from tests.factories import CandidateFactory, TestFactory, UserFactory
from tests.webhooks.conftest import received_bodies
from tests_app.services import attempt_invite

pytestmark = pytest.mark.django_db

USER = 6660001
CHAT = USER + 1


@pytest.fixture
def candidate() -> Candidate:
    candidate = CandidateFactory(name="Анна", language="ru", telegram_id=None)
    max_user_link(candidate=candidate, user_id=USER, chat_id=CHAT)
    return candidate


def _deliver(message: Message) -> Message:
    delivery.deliver(message.pk)
    message.refresh_from_db()
    return message


def test_hr_s_reply_reaches_the_max_user_and_is_marked_sent_with_max_s_id(fake_max, candidate):
    hr = UserFactory()
    message = services.message_send(
        candidate=candidate, text="Добрый день! Когда вам удобно созвониться?", sent_by=hr
    )
    assert (message.channel, message.candidate_channel.address) == ("max", str(CHAT))

    message = _deliver(message)

    [sent] = fake_max.sent(chat_id=CHAT)
    assert sent.text == "Добрый день! Когда вам удобно созвониться?"
    assert message.delivery_status == DeliveryStatus.SENT
    assert message.external_id.startswith("mid.bot")


def test_the_answer_of_the_max_user_joins_the_same_conversation_and_onef_hears_it_with_its_channel(
    bot, fake_max, candidate, onef_receiver, eager_celery, django_capture_on_commit_callbacks
):
    onef_receiver.expect_request("/onef/webhook").respond_with_data("", status=200)
    fake_max.message(USER, "Завтра в 10:00 удобно")
    with django_capture_on_commit_callbacks(execute=True):
        bot.step()

    inbound = Message.objects.get(candidate=candidate, direction=MessageDirection.INBOUND)
    assert (inbound.text, inbound.channel) == ("Завтра в 10:00 удобно", "max")
    assert inbound.candidate_channel == CandidateChannel.objects.get(kind="max")
    assert inbound.external_id.startswith("mid.user")
    [body] = received_bodies(onef_receiver)
    assert body["requestBody"]["event_type"] == "new_message"
    assert (body["requestBody"]["text"], body["requestBody"]["channel"]) == ("Завтра в 10:00 удобно", "max")


def test_a_test_link_goes_as_a_link_button_and_the_telegram_mini_app_button_is_left_out(fake_max, candidate):
    url = "https://jobs.example.com/t/abc/"
    buttons = [
        [{"text": "Пройти в Telegram", "web_app": f"{url}?via=telegram"}],
        [{"text": "Открыть", "url": url}],
    ]
    _deliver(services.message_send(candidate=candidate, text=f"Тест: {url}", buttons=buttons))

    [sent] = fake_max.sent(chat_id=CHAT)
    assert sent.buttons() == [{"type": "link", "text": "Открыть", "url": url}]


def test_callback_buttons_of_a_message_are_callback_buttons_in_max(fake_max, candidate):
    buttons = [[{"text": "Подтвердить", "data": "iv:ok:5"}, {"text": "Перенести", "data": "iv:move:5"}]]
    _deliver(services.message_send(candidate=candidate, text="Собеседование", buttons=buttons))

    assert fake_max.sent(chat_id=CHAT)[0].callback_payloads() == ["iv:ok:5", "iv:move:5"]


def test_a_file_is_uploaded_and_sent_alone_before_the_text_with_its_buttons(fake_max, candidate):
    ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    buttons = [[{"text": "Подтвердить", "data": "iv:ok:5"}]]
    message = _deliver(
        services.message_send(
            candidate=candidate, text="Приглашение", document=("interview.ics", ics), buttons=buttons
        )
    )

    file_message, text_message = fake_max.sent(chat_id=CHAT)
    [attachment] = file_message.body["attachments"]
    assert attachment["type"] == "file"
    assert fake_max.uploads[attachment["payload"]["token"]] == ics.encode()
    assert (text_message.text, text_message.callback_payloads()) == ("Приглашение", ["iv:ok:5"])
    assert message.delivery_status == DeliveryStatus.SENT


def test_a_user_who_stopped_the_bot_fails_the_message_and_bounces_the_channel(fake_max, candidate):
    fake_max.blocked.add(CHAT)

    message = _deliver(services.message_send(candidate=candidate, text="Здравствуйте"))

    assert message.delivery_status == DeliveryStatus.FAILED
    assert CandidateChannel.objects.get(kind="max").bounced_at is not None


def test_without_a_token_the_message_stays_queued_and_says_why(fake_max, candidate, settings):
    settings.MAX_BOT_TOKEN = ""

    message = _deliver(services.message_send(candidate=candidate, text="Здравствуйте"))

    assert message.delivery_status == DeliveryStatus.QUEUED
    assert "MAX_BOT_TOKEN" in message.delivery_error
    assert not fake_max.sent()


def test_a_max_only_candidate_invited_to_a_test_gets_the_link_in_max(
    fake_max, candidate, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = "https://jobs.example.com"
    with django_capture_on_commit_callbacks():  # the delivery task is not queued; it is run below
        attempt = attempt_invite(candidate=candidate, test=TestFactory())

    message = _deliver(Message.objects.get(candidate=candidate))

    [sent] = fake_max.sent(chat_id=CHAT)
    assert attempt.test_url in sent.text
    assert [button["url"] for button in sent.buttons()] == [attempt.test_url]
    assert message.channel == "max"
