"""POST /max/webhook/: MAX's updates are checked against the subscription's secret, stored once and
handled by the workers, each chat in order (messaging.inbox); anything else gets a plain error."""

import json

import pytest
from django.test import Client

from max_bot.models import MaxUpdate
from messaging.inbox import Drained, inbox_chat_drain
from messaging.models import TelegramUpdate

pytestmark = pytest.mark.django_db

SECRET = "max-webhook-secret_1"
USER = 8880001
CHAT = USER + 1


@pytest.fixture
def webhook_on(fake_max, settings):
    settings.MAX_MODE = "webhook"
    settings.MAX_WEBHOOK_SECRET = SECRET
    return fake_max


def _post(body, secret: str | None = SECRET) -> int:
    headers = {"HTTP_X_MAX_BOT_API_SECRET": secret} if secret is not None else {}
    data = body if isinstance(body, bytes) else json.dumps(body)
    return Client().post("/max/webhook/", data=data, content_type="application/json", **headers).status_code


def _start(fake) -> dict:
    update = fake.start(USER)
    fake.updates.clear()  # posted to the webhook, not handed out by GET /updates
    return update


def test_an_update_with_the_secret_is_stored_once_and_queued_after_the_commit(
    webhook_on, django_capture_on_commit_callbacks
):
    update = _start(webhook_on)

    with django_capture_on_commit_callbacks() as callbacks:
        assert _post(update) == 200
        assert _post(update) == 200  # MAX sent it again

    row = MaxUpdate.objects.get()
    assert (row.chat_id, row.update_type, row.handled_at) == (CHAT, "bot_started", None)
    assert len(callbacks) == 1


def test_the_workers_handle_the_stored_updates_of_a_chat_in_order(webhook_on):
    assert _post(_start(webhook_on)) == 200
    message = webhook_on.message(USER, "+79161234567")
    webhook_on.updates.clear()
    assert _post(message) == 200

    assert inbox_chat_drain(channel="max", chat_id=CHAT) == Drained.EMPTY

    sent = webhook_on.sent(chat_id=CHAT)
    assert "зарегистрир" in sent[0].text.lower()
    assert sent[1].text == "Как вас зовут? Напишите имя."
    assert not MaxUpdate.objects.filter(handled_at=None).exists()


@pytest.mark.parametrize("secret", [None, "wrong-secret"])
def test_a_wrong_or_missing_secret_is_refused_and_nothing_is_stored(webhook_on, secret):
    assert _post(_start(webhook_on), secret=secret) == 403
    assert not MaxUpdate.objects.exists()


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"no": "update_type"}'])
def test_a_body_that_is_not_an_update_gets_400(webhook_on, body):
    assert _post(body) == 400
    assert not MaxUpdate.objects.exists()


def test_an_update_of_a_group_chat_is_acknowledged_and_not_stored(webhook_on):
    update = webhook_on.message(USER, "hello all")
    update["message"]["recipient"]["chat_type"] = "chat"

    assert _post(update) == 200
    assert not MaxUpdate.objects.exists()


def test_the_webhook_is_off_in_polling_mode_and_without_a_token(fake_max, settings):
    settings.MAX_WEBHOOK_SECRET = SECRET
    assert _post(_start(fake_max)) == 404  # MAX_MODE=polling
    settings.MAX_MODE, settings.MAX_BOT_TOKEN = "webhook", ""
    assert _post(_start(fake_max)) == 404


def test_the_workers_leave_the_max_inbox_to_the_poller_in_polling_mode(fake_max):
    assert inbox_chat_drain(channel="max", chat_id=CHAT) == Drained.INACTIVE


def test_a_max_update_never_marks_a_telegram_update_of_the_same_number_handled(webhook_on):
    assert _post(_start(webhook_on)) == 200
    row = MaxUpdate.objects.get()
    TelegramUpdate.objects.create(update_id=row.id, chat_id=1, payload={"update_id": row.id})

    inbox_chat_drain(channel="max", chat_id=CHAT)

    assert MaxUpdate.objects.get().handled_at is not None
    assert TelegramUpdate.objects.get().handled_at is None
