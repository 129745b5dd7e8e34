"""hh.ru's notifications beyond new responses: a candidate's chat message comes into our chat once
(shown in the back-office, OneF's `new_message`), and a vacancy archived on hh.ru stops its import."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hr_notifications.models import HRNotification, NotificationKind
from job_boards.models import HHChatMessage, HHNotification, HHResponse, LinkState
from job_boards.tasks import poll_vacancies, sweep_notifications
from messaging.models import Message, MessageDirection
from tests.factories import EndpointFactory, UserFactory
from tests.job_boards.conftest import WEBHOOK_SECRET
from webhooks.models import Event

pytestmark = pytest.mark.django_db


def post(client, body):
    return client.post(reverse("hh-webhook", args=[WEBHOOK_SECRET]), body, content_type="application/json")


@pytest.fixture
def responded(client, hh_link, fake_hh, eager_celery, django_capture_on_commit_callbacks) -> HHResponse:
    """A response imported through its notification, which names the response's chat."""
    nid = fake_hh.add_response(hh_link.hh_vacancy_id, first_name="Анна")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, fake_hh.response_notification(nid))
    return HHResponse.objects.get(hh_id=nid)


def test_the_new_response_notification_keeps_the_chat_of_the_response(responded, fake_hh):
    assert responded.chat_id == fake_hh.negotiations[responded.hh_id]["chat_id"]


def test_a_chat_message_comes_into_our_chat_and_reaches_onef_once(
    client, responded, fake_hh, django_capture_on_commit_callbacks
):
    EndpointFactory()  # OneF's endpoint: new_message is recorded for it
    message_id = fake_hh.add_chat_message(responded.chat_id, "Здравствуйте! Когда можно созвониться?")
    body = fake_hh.chat_notification(responded.chat_id, message_id)

    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, body)
        again = post(client, body)  # hh.ru sent the same notification twice
        other = post(client, {**body, "id": "another-notification-id"})  # or the same message twice

    assert [r.json()["status"] for r in (first, again, other)] == ["accepted", "duplicate", "accepted"]
    [message] = Message.objects.filter(candidate=responded.application.candidate)
    assert message.direction == MessageDirection.INBOUND
    assert message.text == "Здравствуйте! Когда можно созвониться?"
    assert HHChatMessage.objects.get().message == message
    [event] = Event.objects.filter(event_type="new_message")
    assert event.payload["requestBody"]["text"] == message.text
    assert (message.channel, event.payload["requestBody"]["channel"]) == ("hh", "hh")
    assert event.payload["requestBody"]["candidate_id"] == str(message.candidate_id)
    gets = [p for m, p in fake_hh.requests if p == f"/common/chats/{responded.chat_id}/messages"]
    assert len(gets) == 1  # the second notification of the same message reads nothing


def test_the_message_is_shown_in_the_candidate_chat_of_the_back_office(
    client, responded, fake_hh, django_capture_on_commit_callbacks
):
    message_id = fake_hh.add_chat_message(responded.chat_id, "Спасибо за приглашение")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, fake_hh.chat_notification(responded.chat_id, message_id))

    client.force_login(UserFactory(is_superuser=True))
    page = client.get(reverse("admin:candidates_candidate_change", args=[responded.application.candidate_id]))
    text = page.content.decode()
    assert 'data-direction="inbound"><span class="chat-text">Спасибо за приглашение<' in text
    assert '<span class="chat-source">' in text


def test_our_own_messages_in_the_hh_chat_are_not_brought_in(
    client, responded, fake_hh, django_capture_on_commit_callbacks
):
    message_id = fake_hh.add_chat_message(responded.chat_id, "Приглашаем на интервью", role="EMPLOYER")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, fake_hh.chat_notification(responded.chat_id, message_id))
    assert not Message.objects.exists()
    assert not HHNotification.objects.filter(processed_at__isnull=True).exists()


def test_a_message_of_a_chat_we_do_not_know_is_left(
    client, hh_link, fake_hh, eager_celery, django_capture_on_commit_callbacks
):
    nid = fake_hh.add_response(hh_link.hh_vacancy_id)  # never imported here
    chat_id = fake_hh.negotiations[nid]["chat_id"]
    message_id = fake_hh.add_chat_message(chat_id, "Здравствуйте")
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, fake_hh.chat_notification(chat_id, message_id)).status_code == 200
    assert not Message.objects.exists() and HHNotification.objects.get().processed_at is not None


def test_a_vacancy_archived_on_hh_stops_its_import_and_tells_hr(
    client, hh_link, fake_hh, eager_celery, django_capture_on_commit_callbacks
):
    hr = UserFactory(is_superuser=True)
    fake_hh.vacancies[hh_link.hh_vacancy_id]["archived"] = True
    body = fake_hh.notification(
        "VACANCY_ARCHIVATION",
        {"vacancy_id": hh_link.hh_vacancy_id, "archivation_date": "2026-12-03T09:00:00+0300"},
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, body).json() == {"status": "accepted"}

    hh_link.refresh_from_db()
    assert hh_link.state == LinkState.ARCHIVED
    [note] = HRNotification.objects.filter(user=hr, kind=NotificationKind.JOB_BOARD)
    assert hh_link.hh_vacancy_id in note.text and hh_link.vacancy.name in note.text
    fake_hh.add_response(hh_link.hh_vacancy_id)
    assert poll_vacancies() == 0  # archived: no longer polled


def test_a_chat_message_hh_was_too_busy_to_give_is_brought_in_by_the_sweep(
    client, responded, fake_hh, django_capture_on_commit_callbacks
):
    message_id = fake_hh.add_chat_message(responded.chat_id, "Я на связи")
    fake_hh.busy = 3  # every try of the request meets 429
    with django_capture_on_commit_callbacks(execute=True):
        post(client, fake_hh.chat_notification(responded.chat_id, message_id))
    assert not Message.objects.exists()
    notification = HHNotification.objects.get(action_type="CHAT_MESSAGE_CREATED")
    assert notification.processed_at is None

    HHNotification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert sweep_notifications() == 1
    assert Message.objects.get().text == "Я на связи"
    assert sweep_notifications() == 0
