"""The candidate pages under /t/<token>/ (tests_app.views) and the JSON endpoints they call.

What a deletion racing a request gets is in test_views_gone.py.
"""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from tests.factories import AttemptFactory, QuestionFactory
from tests_app import services
from tests_app.models import Answer, Attempt, AttemptStatus, ProctorEvent

pytestmark = pytest.mark.django_db


def _post(client, attempt, name, body=None, **extra):
    return client.post(
        f"/t/{attempt.token}/{name}", json.dumps(body or {}), content_type="application/json", **extra
    )


@pytest.fixture
def started(sample_test) -> Attempt:
    return services.attempt_start(attempt=AttemptFactory(test=sample_test.test))


# --- links that cannot be used ----------------------------------------------------------------


def test_an_unknown_link_shows_a_clear_not_found_page(client):
    response = client.get("/t/not-a-real-token/")
    assert response.status_code == 404
    assert b"This test link is not valid" in response.content


def test_an_expired_invitation_shows_the_expired_page(client, sample_test):
    attempt = AttemptFactory(test=sample_test.test, expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(f"/t/{attempt.token}/")
    assert response.status_code == 410
    assert b"This invitation has expired" in response.content
    assert client.post(f"/t/{attempt.token}/start").status_code == 410
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING


@pytest.mark.parametrize("name", ["answer", "heartbeat", "events", "submit"])
def test_endpoints_answer_an_unknown_token_with_404_json(client, name):
    response = client.post(f"/t/nope/{name}", "{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json() == {
        "status": "gone",
        "remaining_seconds": 0,
        "finished": True,
        "error": "Unknown test link.",
    }


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("answer", {"question_id": 1, "text": "late"}),
        ("heartbeat", {}),
        ("events", {"events": [{"kind": "paste"}]}),
    ],
)
@pytest.mark.parametrize("status", [AttemptStatus.NEEDS_REVIEW, AttemptStatus.TIMEOUT, AttemptStatus.ESCAPED])
def test_endpoints_answer_a_finished_attempt_with_410_and_its_state(client, sample_test, name, body, status):
    attempt = AttemptFactory(test=sample_test.test, status=status, started_at=timezone.now())
    if name == "answer":
        body = {**body, "question_id": sample_test.open.id}
    response = _post(client, attempt, name, body)
    assert response.status_code == 410
    assert response.json()["finished"] is True
    assert response.json()["error"]
    assert not Answer.objects.exists() and not ProctorEvent.objects.exists()


@pytest.mark.parametrize(
    ("name", "body"), [("answer", {"text": "early"}), ("heartbeat", {}), ("events", {"events": []})]
)
def test_endpoints_answer_an_attempt_not_started_with_409(client, sample_test, name, body):
    attempt = AttemptFactory(test=sample_test.test)
    response = _post(client, attempt, name, {**body, "question_id": sample_test.open.id})
    assert response.status_code == 409
    assert response.json()["status"] == "pending"


@pytest.mark.parametrize("name", ["answer", "heartbeat", "events", "submit"])
def test_endpoints_refuse_get(client, started, name):
    assert client.get(f"/t/{started.token}/{name}").status_code == 405


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_SEC_FETCH_SITE": "cross-site"}],
)
def test_endpoints_refuse_cross_site_requests(client, started, sample_test, headers):
    body = {"question_id": sample_test.open.id, "text": "forged"}
    assert _post(client, started, "answer", body, **headers).status_code == 403
    assert client.post(f"/t/{started.token}/start", **headers).status_code == 403
    assert not Answer.objects.exists()


# --- landing and start ------------------------------------------------------------------------


def test_landing_shows_the_test_and_the_rules(client, sample_test):
    attempt = AttemptFactory(test=sample_test.test)
    response = client.get(f"/t/{attempt.token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Python basics" in html
    assert "30 minutes" in html
    assert re.search(r'data-testid="question-count">3<', html)
    assert "recorded" in html  # the rule that leaving the page is recorded
    assert response["Referrer-Policy"] == "no-referrer"


def test_start_redirects_to_the_questions_and_a_second_start_is_harmless(client, sample_test):
    attempt = AttemptFactory(test=sample_test.test)
    assert client.post(f"/t/{attempt.token}/start").status_code == 302
    attempt.refresh_from_db()
    deadline = attempt.deadline
    assert client.post(f"/t/{attempt.token}/start").status_code == 302
    attempt.refresh_from_db()
    assert (attempt.status, attempt.deadline) == (AttemptStatus.IN_PROGRESS, deadline)


def test_the_question_page_shows_saved_answers_and_the_server_time_left(client, started, sample_test):
    services.answer_save(
        attempt=started, question=sample_test.single, choice_ids=[sample_test.single_right.id]
    )
    services.answer_save(attempt=started, question=sample_test.open, text="My saved text")
    Attempt.objects.filter(pk=started.pk).update(deadline=timezone.now() + dt.timedelta(seconds=600))
    html = client.get(f"/t/{started.token}/").content.decode()
    assert "My saved text" in html
    assert re.search(rf'value="{sample_test.single_right.id}" checked', html)
    config = json.loads(re.search(r'id="test-config" type="application/json">(.*?)</script>', html).group(1))
    assert 595 <= config["remainingSeconds"] <= 600


def test_the_question_page_after_the_deadline_and_the_delivery_window_closes_the_attempt_as_timeout(
    client, started, settings
):
    past = timezone.now() - dt.timedelta(seconds=settings.TEST_ESCAPE_AFTER_SECONDS + 1)
    Attempt.objects.filter(pk=started.pk).update(deadline=past, last_heartbeat_at=past)
    response = client.get(f"/t/{started.token}/")
    assert b"Time is up" in response.content
    started.refresh_from_db()
    assert started.status == AttemptStatus.TIMEOUT


def test_the_question_page_just_after_the_deadline_lets_the_page_deliver_and_submit(client, started):
    Attempt.objects.filter(pk=started.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(f"/t/{started.token}/")
    assert response.status_code == 200
    assert b'id="test-form"' in response.content
    started.refresh_from_db()
    assert started.status == AttemptStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (AttemptStatus.ESCAPED, b"The test was closed"),
        (AttemptStatus.NEEDS_REVIEW, b"your answers were submitted"),
        (AttemptStatus.PASSED, b"your answers were submitted"),
    ],
)
def test_a_finished_link_shows_the_final_page(client, sample_test, status, text):
    attempt = AttemptFactory(test=sample_test.test, status=status, started_at=timezone.now())
    response = client.get(f"/t/{attempt.token}/")
    assert response.status_code == 200
    assert text in response.content
    assert b"test-config" not in response.content


# --- nothing secret reaches the browser -------------------------------------------------------


def test_no_correct_answer_or_choice_points_reach_the_browser(client, sample_test):
    attempt = AttemptFactory(test=sample_test.test)
    pages = [client.get(f"/t/{attempt.token}/").content.decode()]
    client.post(f"/t/{attempt.token}/start")
    pages.append(client.get(f"/t/{attempt.token}/").content.decode())
    right = [sample_test.single_right.id, *(c.id for c in sample_test.multi_right)]
    payloads = [
        _post(client, attempt, "answer", {"question_id": sample_test.single.id, "choice_ids": [right[0]]}),
        _post(client, attempt, "answer", {"question_id": sample_test.multi.id, "choice_ids": right[1:]}),
        _post(client, attempt, "heartbeat"),
        _post(client, attempt, "events", {"events": [{"kind": "paste", "ago_ms": 0}]}),
        _post(client, attempt, "submit"),
        _post(client, attempt, "submit"),
    ]
    texts = (
        pages
        + [json.dumps(p.json()) for p in payloads]
        + [client.get(f"/t/{attempt.token}/").content.decode()]
    )
    for text in texts:
        lowered = text.lower()
        for secret in ["is_correct", "correct", "points_awarded", "score", "percentage", "passed"]:
            assert secret not in lowered, (secret, text[:200])
    # The question page is the only one with choices: the right ones look like any other.
    question_page = pages[1]
    for choice in [sample_test.single_right, sample_test.single_wrong, *sample_test.multi_right]:
        assert re.search(rf'<input type="(radio|checkbox)" name="q-\d+" value="{choice.id}">', question_page)


# --- saving answers ---------------------------------------------------------------------------


def test_answer_endpoint_saves_each_kind(client, started, sample_test):
    ok = [
        {"question_id": sample_test.single.id, "choice_ids": [sample_test.single_wrong.id]},
        {"question_id": sample_test.multi.id, "choice_ids": [c.id for c in sample_test.multi_right]},
        {"question_id": sample_test.open.id, "text": "Global interpreter lock"},
    ]
    for body in ok:
        response = _post(client, started, "answer", body)
        assert response.status_code == 200
        assert response.json()["saved"] == body["question_id"]
    answers = {a.question_id: a for a in Answer.objects.filter(attempt=started)}
    assert answers[sample_test.open.id].text == "Global interpreter lock"
    assert set(answers[sample_test.multi.id].selected_choices.values_list("id", flat=True)) == {
        c.id for c in sample_test.multi_right
    }


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("not json", 400),
        ("[1, 2]", 400),
        ({"question_id": "1"}, 400),
        ({"question_id": True}, 400),
        ({"question_id": 999999}, 404),
        ({"question_id": None, "choice_ids": "1"}, 400),
        ({"question_id": 1, "choice_ids": [1, "2"]}, 400),
        ({"question_id": 1, "choice_ids": [True]}, 400),
        ({"question_id": 1, "text": 5}, 400),
        ({"question_id": 1, "text": None}, 400),
    ],
)
def test_answer_endpoint_refuses_bad_input(client, started, body, status):
    data = body if isinstance(body, str) else json.dumps(body)
    response = client.post(f"/t/{started.token}/answer", data, content_type="application/json")
    assert response.status_code == status
    assert response.json()["error"]


def test_answer_endpoint_refuses_a_choice_of_another_question(client, started, sample_test):
    body = {"question_id": sample_test.single.id, "choice_ids": [sample_test.multi_wrong.id]}
    assert _post(client, started, "answer", body).status_code == 400
    assert not Answer.objects.exists()


def test_answer_endpoint_refuses_a_question_of_another_test(client, started):
    other = QuestionFactory(kind="open_text")
    assert _post(client, started, "answer", {"question_id": other.id, "text": "x"}).status_code == 404


def test_answer_endpoint_refuses_answers_given_after_the_deadline_and_closes_the_attempt(
    client, started, sample_test
):
    Attempt.objects.filter(pk=started.pk).update(deadline=timezone.now() - dt.timedelta(seconds=10))
    response = _post(client, started, "answer", {"question_id": sample_test.open.id, "text": "late"})
    assert response.status_code == 410
    assert response.json()["status"] == "timeout"
    assert not Answer.objects.exists()
    started.refresh_from_db()
    assert started.status == AttemptStatus.TIMEOUT


def test_answer_endpoint_accepts_an_answer_given_offline_before_the_deadline(client, started, sample_test):
    now = timezone.now()
    Attempt.objects.filter(pk=started.pk).update(
        started_at=now - dt.timedelta(minutes=30),
        deadline=now - dt.timedelta(seconds=10),
        last_heartbeat_at=now - dt.timedelta(seconds=25),  # offline since
    )
    body = {"question_id": sample_test.open.id, "text": "kept offline", "given_ago_ms": 20_000}
    assert _post(client, started, "answer", body).status_code == 200
    assert Answer.objects.get().text == "kept offline"


def test_answer_endpoint_refuses_answers_after_submit(client, started, sample_test):
    assert _post(client, started, "submit").status_code == 200
    response = _post(client, started, "answer", {"question_id": sample_test.open.id, "text": "late"})
    assert response.status_code == 410
    assert response.json()["finished"] is True
    assert not Answer.objects.exists()


def test_one_attempt_cannot_read_or_write_another_attempts_answers(client, sample_test):
    mine = services.attempt_start(attempt=AttemptFactory(test=sample_test.test))
    theirs = services.attempt_start(attempt=AttemptFactory(test=sample_test.test))
    services.answer_save(attempt=theirs, question=sample_test.open, text="Their secret answer")
    assert b"Their secret answer" not in client.get(f"/t/{mine.token}/").content
    _post(client, mine, "answer", {"question_id": sample_test.open.id, "text": "Mine"})
    assert Answer.objects.get(attempt=theirs).text == "Their secret answer"
    assert Answer.objects.get(attempt=mine).text == "Mine"


def test_answers_sent_as_a_beacon_in_plain_text_are_saved(client, started, sample_test):
    body = json.dumps({"question_id": sample_test.open.id, "text": "From a beacon"})
    response = client.post(f"/t/{started.token}/answer", body, content_type="text/plain;charset=UTF-8")
    assert response.status_code == 200
    assert Answer.objects.get(attempt=started).text == "From a beacon"


# --- heartbeat, events, submit ----------------------------------------------------------------


def test_heartbeat_refreshes_the_attempt_and_returns_the_time_left(client, started):
    Attempt.objects.filter(pk=started.pk).update(last_heartbeat_at=timezone.now() - dt.timedelta(minutes=4))
    response = _post(client, started, "heartbeat")
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert 1790 <= response.json()["remaining_seconds"] <= 1800
    started.refresh_from_db()
    assert timezone.now() - started.last_heartbeat_at < dt.timedelta(seconds=5)


def test_events_are_stored_with_server_times_and_count_as_a_heartbeat(client, started):
    Attempt.objects.filter(pk=started.pk).update(last_heartbeat_at=timezone.now() - dt.timedelta(minutes=4))
    events = [
        {"kind": "tab_hidden", "ago_ms": 5000},
        {"kind": "tab_shown", "ago_ms": 1000, "duration_ms": 4000},
        {"kind": "paste", "ago_ms": 0, "details": {"question_id": 3, "length": 120}},
    ]
    response = client.post(
        f"/t/{started.token}/events", json.dumps({"events": events}), content_type="text/plain;charset=UTF-8"
    )
    assert response.status_code == 200
    assert response.json()["stored"] == 3
    stored = list(ProctorEvent.objects.filter(attempt=started))
    assert [e.kind for e in stored] == ["tab_hidden", "tab_shown", "paste"]
    assert stored[1].duration_ms == 4000
    assert stored[2].details == {"question_id": 3, "length": 120}
    started.refresh_from_db()
    assert timezone.now() - started.last_heartbeat_at < dt.timedelta(seconds=5)


@pytest.mark.parametrize(
    "events",
    [
        [{"kind": "keylogger"}],
        [{"kind": "paste", "ago_ms": -5}],
        [{"kind": "paste", "duration_ms": "long"}],
        [{"kind": "paste", "details": "x" * 2000}],
        "not a list",
        [{"kind": "paste"}] * 51,
    ],
)
def test_bad_events_are_refused_and_nothing_is_stored(client, started, events):
    assert _post(client, started, "events", {"events": events}).status_code == 400
    assert not ProctorEvent.objects.exists()


def test_a_refused_body_names_the_field_in_the_shape_the_page_reads(client, started):
    response = _post(client, started, "events", {"events": [{"kind": "paste"}, {"kind": "keylogger"}]})
    assert response.status_code == 400
    assert set(response.json()) == {"error", "fields"}
    assert list(response.json()["fields"]) == ["events.1.kind"]
    assert "Each event needs a kind out of" in response.json()["error"]
    response = _post(client, started, "answer", {"question_id": "1"})
    assert response.json() == {
        "error": "Must be a question id.",
        "fields": {"question_id": ["Must be a question id."]},
    }
    response = _post(client, started, "events", {"events": "not a list"})
    assert response.json()["fields"] == {"events": ["Send a list of at most 50 events."]}


def test_events_after_the_end_are_refused(client, sample_test):
    attempt = AttemptFactory(test=sample_test.test, status=AttemptStatus.PASSED, started_at=timezone.now())
    assert _post(client, attempt, "events", {"events": [{"kind": "paste"}]}).status_code == 410
    assert not ProctorEvent.objects.exists()


def test_submit_grades_and_a_second_submit_changes_nothing(client, started, sample_test):
    _post(
        client,
        started,
        "answer",
        {"question_id": sample_test.single.id, "choice_ids": [sample_test.single_right.id]},
    )
    first = _post(client, started, "submit")
    started.refresh_from_db()
    assert started.status == AttemptStatus.FAILED
    assert first.status_code == 200
    assert first.json()["status"] == "submitted"  # the result itself stays with HR
    assert first.json()["redirect"] == f"/t/{started.token}/"
    before = Attempt.objects.values().get(pk=started.pk)
    second = _post(client, started, "submit")
    assert second.status_code == 200
    assert second.json()["status"] == "submitted"
    assert Attempt.objects.values().get(pk=started.pk) == before


def test_submit_of_a_pending_attempt_is_refused(client, sample_test):
    attempt = AttemptFactory(test=sample_test.test)
    assert _post(client, attempt, "submit").status_code == 409
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.PENDING


def test_the_pages_load_nothing_from_other_sites(client, sample_test):
    attempt = AttemptFactory(test=sample_test.test)
    pages = [client.get(f"/t/{attempt.token}/").content.decode()]
    client.post(f"/t/{attempt.token}/start")
    pages.append(client.get(f"/t/{attempt.token}/").content.decode())
    for html in pages:
        assert not re.search(r'(src|href)="(https?:)?//', html)
    scripts = re.findall(r'<script src="([^"]+)"', pages[1])
    assert scripts[0] == "/jsi18n/en/"  # the script's texts, in the page's language
    assert [s.rsplit("/", 1)[-1] for s in scripts[1:]] == [
        "local-time.js",
        "test-core.js",
        "test-answers.js",
        "test-proctoring.js",
        "test-nav.js",
        "test-code.js",
        "test.js",
    ]
    for src in scripts:
        script = client.get(src)
        assert script.status_code == 200
        body = b"".join(script.streaming_content) if script.streaming else script.content
        assert not re.search(r"https?://", body.decode())
