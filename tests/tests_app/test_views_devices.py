"""One device at a time, over HTTP: the cookie of the browser that starts, the page another browser
sees, the move, and the JSON refusals the first browser then gets."""

import json

import pytest
from django.test import Client

from tests.factories import AttemptFactory
from tests_app.devices import COOKIE_NAME
from tests_app.models import Answer, Attempt, AttemptStatus, ProctorEvent

pytestmark = pytest.mark.django_db
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1"


def _answer(client, attempt, question, text):
    body = json.dumps({"question_id": question.id, "text": text})
    return client.post(f"/t/{attempt.token}/answer", body, content_type="application/json")


@pytest.fixture
def first(sample_test) -> tuple[Client, Attempt]:
    client = Client(HTTP_USER_AGENT=ANDROID)
    attempt = AttemptFactory(test=sample_test.test)
    client.post(f"/t/{attempt.token}/start")
    return client, Attempt.objects.get(pk=attempt.pk)


def test_starting_sets_an_httponly_cookie_for_this_link_only(sample_test):
    client = Client(HTTP_USER_AGENT=ANDROID)
    attempt = AttemptFactory(test=sample_test.test)
    response = client.post(f"/t/{attempt.token}/start")
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["path"] == f"/t/{attempt.token}/"
    assert cookie["samesite"] == "Lax"
    attempt.refresh_from_db()
    assert attempt.device_label == "Chrome on Android"
    assert len(attempt.device_key) == 64 and cookie.value not in attempt.device_key  # only a hash is kept


def test_the_browser_that_started_gets_the_questions(first):
    client, attempt = first
    response = client.get(f"/t/{attempt.token}/")
    assert response.status_code == 200
    assert b'id="test-form"' in response.content


def test_another_browser_is_told_the_test_is_open_elsewhere(first):
    _, attempt = first
    response = Client(HTTP_USER_AGENT=IPHONE).get(f"/t/{attempt.token}/")
    assert response.status_code == 409
    body = response.content.decode()
    assert "The test is open on another device" in body
    assert "Chrome on Android" in body
    assert f'action="/t/{attempt.token}/move"' in body
    assert 'id="test-form"' not in body


def test_another_browser_cannot_answer_without_moving_the_test(first, sample_test):
    _, attempt = first
    response = _answer(Client(), attempt, sample_test.open, "from elsewhere")
    assert response.status_code == 409
    assert response.json()["moved"] is True
    assert not Answer.objects.exists()


def test_moving_the_test_hands_it_over_and_the_first_browser_is_refused(first, sample_test):
    client, attempt = first
    assert _answer(client, attempt, sample_test.open, "first").status_code == 200
    other = Client(HTTP_USER_AGENT=IPHONE)
    response = other.post(f"/t/{attempt.token}/move")
    assert response.status_code == 302
    assert other.get(f"/t/{attempt.token}/").status_code == 200
    assert _answer(other, attempt, sample_test.open, "second").status_code == 200

    refused = _answer(client, attempt, sample_test.open, "first again")
    assert refused.status_code == 409
    assert refused.json() | {"remaining_seconds": 0} == {
        "status": "moved",
        "moved": True,
        "finished": False,
        "remaining_seconds": 0,
        "error": "This test continues on another device.",
    }
    assert Answer.objects.get().text == "second"
    event = ProctorEvent.objects.get(attempt=attempt)
    assert (event.kind, event.details) == (
        "device_moved",
        {"from": "Chrome on Android", "to": "Safari on iOS"},
    )
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.IN_PROGRESS


def test_a_move_from_another_site_is_refused(first):
    _, attempt = first
    response = Client().post(f"/t/{attempt.token}/move", HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not ProctorEvent.objects.exists()


def test_moving_a_finished_test_only_shows_its_final_page(first):
    client, attempt = first
    client.post(f"/t/{attempt.token}/submit", "{}", content_type="application/json")
    other = Client()
    response = other.post(f"/t/{attempt.token}/move")
    assert response.status_code == 302
    assert b"your answers were submitted" in other.get(f"/t/{attempt.token}/").content
    assert not ProctorEvent.objects.exists()


def test_moving_an_unknown_link_is_a_404():
    assert Client().post("/t/not-a-token/move").status_code == 404
