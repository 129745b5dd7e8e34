"""POST /telegram/webhook/: Telegram's updates are checked against the secret, stored once in the inbox
and answered 200 only after the commit; anything else gets a plain error and stores nothing."""

import json

import pytest
from django.db import connection
from django.test import Client

from messaging.models import TelegramUpdate
from tests.telegram_bot.conftest import WEBHOOK_PATH, WEBHOOK_SECRET

pytestmark = pytest.mark.django_db


def _update(update_id: int = 501, chat_id: int = 777001, text: str = "Hello") -> dict:
    message = {
        "message_id": update_id,
        "date": 1_800_000_000,
        "chat": {"id": chat_id, "type": "private"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Ann"},
        "text": text,
    }
    return {"update_id": update_id, "message": message}


@pytest.fixture
def webhook_on(webhook_settings):
    webhook_settings.TELEGRAM_BOT_TOKEN = "123456:TEST-token"
    return webhook_settings


def test_an_update_with_the_secret_is_stored_with_its_chat_and_its_task_queued_after_the_commit(
    webhook_on, webhook_post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        assert webhook_post(_update(501, chat_id=42)) == 200
    row = TelegramUpdate.objects.get()
    assert (row.update_id, row.chat_id, row.handled_at) == (501, 42, None)
    assert row.payload == _update(501, chat_id=42)
    assert len(callbacks) == 1  # the chat's task, queued once the row is committed


def test_a_button_tap_belongs_to_the_chat_of_the_message_it_is_under(webhook_on, webhook_post):
    tap = {
        "update_id": 502,
        "callback_query": {
            "id": "cq-1",
            "from": {"id": 9, "is_bot": False, "first_name": "Ann"},
            "chat_instance": "ci",
            "message": {"message_id": 3, "date": 1, "chat": {"id": 77, "type": "private"}},
            "data": "vacs:0",
        },
    }
    assert webhook_post(tap) == 200
    assert TelegramUpdate.objects.get().chat_id == 77


def test_a_redelivered_update_is_answered_200_and_stored_once(
    webhook_on, webhook_post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        assert webhook_post(_update(503)) == 200
        assert webhook_post(_update(503)) == 200
    assert TelegramUpdate.objects.count() == 1
    assert len(callbacks) == 1


@pytest.mark.parametrize("secret", ["wrong-secret", "", None, WEBHOOK_SECRET + "x"])
def test_a_wrong_or_missing_secret_gets_403_and_stores_nothing(webhook_on, webhook_post, secret):
    assert webhook_post(_update(), secret=secret) == 403
    assert not TelegramUpdate.objects.exists()


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'"text"', b"{}", b'{"update_id": "5"}', b'{"update_id": true}', b"\xff\xfe"],
)
def test_a_body_that_is_not_an_update_gets_400_and_stores_nothing(webhook_on, client, body):
    response = client.post(
        WEBHOOK_PATH,
        data=body,
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert not TelegramUpdate.objects.exists()


def test_a_body_over_a_megabyte_gets_413(webhook_on, webhook_post):
    assert webhook_post(_update(text="x" * (1024 * 1024))) == 413
    assert not TelegramUpdate.objects.exists()


def test_in_polling_mode_the_webhook_is_404_even_with_the_secret(webhook_on, webhook_post):
    webhook_on.TELEGRAM_MODE = "polling"
    assert webhook_post(_update()) == 404
    assert not TelegramUpdate.objects.exists()


def test_only_post_is_allowed(webhook_on, client):
    assert client.get(WEBHOOK_PATH).status_code == 405


def test_without_the_trailing_slash_it_is_the_same_endpoint(webhook_on, client):
    response = client.post(
        WEBHOOK_PATH.rstrip("/"),
        data=json.dumps(_update(504)),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
    )
    assert response.status_code == 200
    assert TelegramUpdate.objects.filter(update_id=504).exists()


def test_no_csrf_token_and_no_cookie_are_needed_or_set(webhook_on):
    browserless = Client(enforce_csrf_checks=True)
    response = browserless.post(
        WEBHOOK_PATH,
        data=json.dumps(_update(505)),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
    )
    assert response.status_code == 200
    assert not response.cookies


def test_without_a_configured_secret_debug_accepts_any_post(webhook_on, webhook_post):
    webhook_on.TELEGRAM_WEBHOOK_SECRET = ""
    assert webhook_post(_update(506), secret=None) == 200
    assert TelegramUpdate.objects.filter(update_id=506).exists()


@pytest.fixture
def failing_inbox_insert():
    """The database refuses every new inbox row (a trigger), as a full disk or a lost primary would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_update() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_update BEFORE INSERT ON messaging_telegramupdate "
                "FOR EACH ROW EXECUTE FUNCTION refuse_update()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_update BEFORE INSERT ON messaging_telegramupdate "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
    yield  # dropped with the test's transaction


def test_a_database_error_gets_a_plain_503_so_telegram_sends_it_again(
    webhook_on, client, failing_inbox_insert, caplog
):
    response = client.post(
        WEBHOOK_PATH,
        data=json.dumps(_update(507)),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
    )
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"The update could not be stored; send it again."
    assert "Could not store Telegram update 507" in caplog.text
    assert not TelegramUpdate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_when_the_commit_itself_fails_the_answer_is_503_and_no_row_is_left(webhook_on, client):
    """200 means committed: a check that runs only at COMMIT (a deferred constraint trigger) fails
    after the insert succeeded, and the answer is still an error."""
    if connection.vendor != "postgresql":
        pytest.skip("deferred constraint triggers are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_at_commit() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'refused at commit'; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON messaging_telegramupdate "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()"
        )
    try:
        response = client.post(
            WEBHOOK_PATH,
            data=json.dumps(_update(508)),
            content_type="application/json",
            headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
        )
        assert response.status_code == 503
        assert not TelegramUpdate.objects.exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER refuse_at_commit ON messaging_telegramupdate")
            cursor.execute("DROP FUNCTION refuse_at_commit()")
