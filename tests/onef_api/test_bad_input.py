"""The 14 inputs that answered 500 (API and test pages): each is now a 400/413/404 JSON error and
writes nothing."""

import pytest
from django.test import Client

from candidates.models import Candidate
from messaging.models import Message
from tests.factories import AttemptFactory, CandidateFactory, QuestionFactory, TestFactory
from tests_app import services as test_services
from tests_app.models import Answer, Attempt, ProctorEvent, QuestionKind
from webhooks.models import Event

pytestmark = pytest.mark.django_db

DEEP = '{"x": ' + "[" * 10_000 + "]" * 10_000 + "}"  # 20 KB: within every size limit


@pytest.fixture
def client():
    """Checks CSRF as a browser-less integrator meets it (Django's test client skips it by default)."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def world(raw_key):
    candidate = CandidateFactory(telegram_id=555001)
    test = TestFactory()
    question = QuestionFactory(test=test, kind=QuestionKind.OPEN_TEXT, text="Explain the GIL.")
    attempt = test_services.attempt_start(attempt=AttemptFactory(test=test))
    return {
        "candidate": candidate,
        "attempt": attempt,
        "open_question": question.id,
        "test": TestFactory(),
        "key": raw_key,
    }


def _bodies(world) -> dict[str, tuple[str, str]]:
    candidate, token = world["candidate"].id, world["attempt"].token
    status, page = f"/api/onef/candidates/{candidate}/status", f"/t/{token}/"
    surrogate = '"\\ud800"'
    return {
        "deep-status": (status, DEEP),
        "deep-messages": ("/api/onef/messages", DEEP),
        "deep-invites": ("/api/onef/invites", DEEP),
        "deep-answer": (page + "answer", DEEP),
        "deep-events": (page + "events", DEEP),
        "surrogate-status": (status, f'{{"status": {surrogate}}}'),
        "surrogate-messages": (
            "/api/onef/messages",
            f'{{"candidate_id": "{candidate}", "text": {surrogate}}}',
        ),
        "surrogate-invites": ("/api/onef/invites", f'{{"candidate_id": {surrogate}, "test_id": "x"}}'),
        "surrogate-answer": (
            page + "answer",
            '{"question_id": ' + str(world["open_question"]) + ', "text": ' + surrogate + "}",
        ),
        "surrogate-events": (
            page + "events",
            f'{{"events": [{{"kind": "paste", "ago_ms": 0, "details": {{"a": {surrogate}}}}}]}}',
        ),
        "nul-answer-text": (
            page + "answer",
            '{"question_id": ' + str(world["open_question"]) + ', "text": "a\\u0000b"}',
        ),
        "nul-proctoring-details": (
            page + "events",
            '{"events": [{"kind": "paste", "ago_ms": 0, "details": {"note": "a\\u0000b"}}]}',
        ),
        "20-mb-body": (
            "/api/onef/messages",
            '{{"candidate_id": "{}", "text": "{}"}}'.format(candidate, "a" * 20_000_000),
        ),
        "post-to-unknown-path": ("/api/onef/no/such/endpoint", '{"a": 1}'),
    }


CASES = [
    "deep-status",
    "deep-messages",
    "deep-invites",
    "deep-answer",
    "deep-events",
    "surrogate-status",
    "surrogate-messages",
    "surrogate-invites",
    "surrogate-answer",
    "surrogate-events",
    "nul-answer-text",
    "nul-proctoring-details",
    "20-mb-body",
    "post-to-unknown-path",
]


def _snapshot(world) -> tuple:
    attempt = Attempt.objects.get(pk=world["attempt"].pk)
    return (
        Message.objects.count(),
        Answer.objects.count(),
        ProctorEvent.objects.count(),
        Event.objects.count(),
        Attempt.objects.count(),
        Candidate.objects.get(pk=world["candidate"].pk).status,
        attempt.last_heartbeat_at,
    )


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_a_json_400_or_413_and_writes_nothing(client, world, case):
    path, body = _bodies(world)[case]
    before = _snapshot(world)

    response = client.post(
        path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {world['key']}"
    )

    expected = {"20-mb-body": 413, "post-to-unknown-path": 404}.get(case, 400)
    assert response.status_code == expected, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert len(response.content) < 2000  # no bad value echoed back in full
    assert _snapshot(world) == before


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("surrogate-status", "status"),
        ("surrogate-messages", "text"),
        ("surrogate-answer", "text"),
        ("nul-answer-text", "text"),
        ("nul-proctoring-details", "events[0].details.note"),
    ],
)
def test_nul_and_lone_surrogates_are_refused_naming_the_field(client, world, case, field):
    path, body = _bodies(world)[case]
    response = client.post(
        path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {world['key']}"
    )
    assert response.status_code == 400
    data = response.json()
    assert field in (data.get("fields") or data)
