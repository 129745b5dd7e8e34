"""The test as a Telegram Mini App: the invitation's buttons, the page in that mode, and the binding of
the attempt to the Telegram user whose signed initData the page sends."""

import json
import time
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from backoffice.gdpr import candidate_erase, candidate_export
from messaging.models import Message
from messaging.webapp import init_data_sign
from tests.factories import AttemptFactory, CandidateFactory, TestFactory
from tests_app import services

pytestmark = pytest.mark.django_db

TOKEN = "123456:TEST-token"


def init_data(user_id: int, token: str = TOKEN, auth_date: float | None = None) -> str:
    fields = {
        "user": json.dumps({"id": user_id, "first_name": "Ann"}),
        "auth_date": str(int(auth_date if auth_date is not None else time.time())),
    }
    fields["hash"] = init_data_sign(fields, bot_token=token)
    return urlencode(fields)


@pytest.fixture(autouse=True)
def bot_token(settings):
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_INIT_DATA_MAX_AGE_SECONDS = 3600


def bind(client, attempt, data: str):
    return client.post(
        reverse("tests_app:telegram", args=[attempt.token]),
        data=json.dumps({"init_data": data}),
        content_type="application/json",
    )


def test_the_invitation_carries_a_mini_app_button_and_a_normal_link(settings):
    settings.PUBLIC_BASE_URL = "https://jobs.example.com"
    candidate = CandidateFactory(telegram_id=777001)

    attempt = services.attempt_invite(candidate=candidate, test=TestFactory())

    message = Message.objects.get(candidate=candidate)
    assert message.buttons == [
        [{"text": "Take the test in Telegram", "web_app": f"{attempt.test_url}?via=telegram"}],
        [{"text": "Open in a browser", "url": attempt.test_url}],
    ]
    assert attempt.test_url in message.text


def test_without_https_the_invitation_is_the_link_in_the_text_only(settings):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    candidate = CandidateFactory(telegram_id=777001)
    services.attempt_invite(candidate=candidate, test=TestFactory())
    assert Message.objects.get(candidate=candidate).buttons == []


def test_the_page_loads_telegrams_script_only_as_a_mini_app(client):
    attempt = AttemptFactory()
    page = reverse("tests_app:page", args=[attempt.token])

    normal = client.get(page).content.decode()
    mini_app = client.get(page + "?via=telegram").content.decode()

    assert "telegram.org" not in normal
    assert "telegram-mini-app.js" not in normal
    assert '<script src="https://telegram.org/js/telegram-web-app.js"></script>' in mini_app
    assert "tests_app/telegram-mini-app.js" in mini_app
    assert "?via=telegram" in mini_app.split('class="start"')[0].rsplit("<form", 1)[1]


def test_starting_inside_telegram_keeps_the_mini_app_mode(client):
    attempt = AttemptFactory()
    response = client.post(reverse("tests_app:start", args=[attempt.token]) + "?via=telegram")
    assert response["Location"] == reverse("tests_app:page", args=[attempt.token]) + "?via=telegram"


def test_valid_init_data_binds_the_attempt_to_the_telegram_user(client):
    attempt = AttemptFactory(candidate__telegram_id=777001)

    response = bind(client, attempt, init_data(777001))

    assert response.status_code == 200
    assert response.json() == {"bound": True, "user": {"id": 777001, "first_name": "Ann"}}
    attempt.refresh_from_db()
    assert attempt.telegram_user_id == 777001


def test_a_web_only_candidate_is_bound_to_the_first_telegram_user_and_only_that_one(client):
    attempt = AttemptFactory(candidate__telegram_id=None)
    assert bind(client, attempt, init_data(5)).status_code == 200
    assert bind(client, attempt, init_data(5)).status_code == 200
    assert bind(client, attempt, init_data(6)).status_code == 403
    attempt.refresh_from_db()
    assert attempt.telegram_user_id == 5


def test_another_telegram_user_than_the_candidate_is_refused(client):
    attempt = AttemptFactory(candidate__telegram_id=777001)
    response = bind(client, attempt, init_data(999))
    assert response.status_code == 403
    assert "another Telegram account" in response.json()["error"]


@pytest.mark.parametrize(
    "data",
    [
        init_data(777001, token="654321:OTHER-token"),  # another bot's
        init_data(777001, auth_date=time.time() - 7200),  # expired
        init_data(777001).replace("777001", "777002"),  # tampered
        "",
    ],
    ids=["other-bot", "expired", "tampered", "missing"],
)
def test_bad_init_data_is_refused_and_binds_nothing(client, data):
    attempt = AttemptFactory(candidate__telegram_id=777001)
    response = bind(client, attempt, data)
    assert response.status_code == 403
    attempt.refresh_from_db()
    assert attempt.telegram_user_id is None


def test_the_bound_telegram_account_is_in_the_export_and_wiped_by_erasure():
    attempt = AttemptFactory(candidate__telegram_id=777001, telegram_user_id=777001)

    assert candidate_export(candidate=attempt.candidate)["attempts"][0]["telegram_user_id"] == 777001
    candidate_erase(candidate=attempt.candidate)

    attempt.refresh_from_db()
    assert attempt.telegram_user_id is None
