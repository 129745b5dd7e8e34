"""Webhook bodies keep the spec's key order byte for byte (`requestBody`, then `event_type` first),
whatever order the database returns the stored JSON in (PostgreSQL's JSONB sorts keys its own way),
and every delivery carries the ordering headers."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from candidates import services as candidate_services
from candidates.models import CandidateMerge
from tests.factories import ApplicationFactory, AttemptFactory, CandidateFactory, GradeFactory, MessageFactory
from tests.webhooks.conftest import send_due
from webhooks import payloads
from webhooks.models import Event
from webhooks.services import event_emit

pytestmark = pytest.mark.django_db

# The examples of section 2 of the integration spec v1.2, verbatim (only their key order matters).
SPEC_EXAMPLES = {
    "new_application": """{"requestBody": {"event_type": "new_application", "vacancy_id": 123,
        "vacancy_name": "Senior Rust Developer", "applied_at": "2026-02-11T12:00:00Z",
        "candidate": {"id": "uuid", "telegram_id": 123456789, "fullname": "John Doe", "name": "John",
        "surname": "Doe", "email": "john@example.com", "phone": "+123456789", "dob": "1990-01-01",
        "cv_file_base64": "JVBERi0xLjQKJc...", "cv_filename": "cv.pdf", "ai_rating": 85,
        "ai_comment": "Strong match based on experience."}}}""",
    "new_message": """{"requestBody": {"event_type": "new_message", "candidate_id": "uuid",
        "telegram_id": 123456789, "text": "Hello, I have a question about the test.",
        "received_at": "2026-02-11T12:05:00Z"}}""",
    "candidate_status_changed": """{"requestBody": {"event_type": "candidate_status_changed",
        "candidate_id": "uuid", "status": "reviewing", "updated_at": "2026-02-11T12:10:00Z"}}""",
    "test_status_changed": """{"requestBody": {"event_type": "test_status_changed", "attempt_id": "uuid",
        "candidate_id": "uuid", "test_id": "uuid", "status": "in_progress", "score": 85.0,
        "max_score": 100.0, "percentage": 85.0, "passed": true, "updated_at": "2026-02-11T12:15:00Z"}}""",
    "grade_shared": """{"requestBody": {"event_type": "grade_shared", "candidate_id": "uuid", "grade": 90,
        "shared_at": "2026-02-11T12:20:00Z"}}""",
}


def key_order(raw: bytes | str) -> list:
    """Every object's keys in document order, nested objects included (as (depth, key) pairs)."""
    order: list = []

    def hook(pairs):
        order.append([key for key, _ in pairs])
        return dict(pairs)

    json.loads(raw, object_pairs_hook=hook)
    return order


def reversed_keys(value):
    """The same JSON with every object's keys reversed: what a database could hand back."""
    if isinstance(value, dict):
        return {key: reversed_keys(value[key]) for key in reversed(list(value))}
    return value


def spec_bodies() -> dict:
    candidate = CandidateFactory(telegram_id=123456789, ai_rating=85, ai_comment="Strong match.")
    attempt = AttemptFactory(
        candidate=candidate,
        status="passed",
        started_at=dt.datetime(2026, 2, 11, 12, tzinfo=dt.UTC),
        score=Decimal("85"),
        max_score=Decimal("100"),
        percentage=Decimal("85"),
        passed=True,
    )
    return {
        "new_application": payloads.new_application(ApplicationFactory(candidate=candidate), candidate),
        "new_message": payloads.new_message(MessageFactory(candidate=candidate)),
        "candidate_status_changed": payloads.candidate_status_changed(candidate, "reviewing"),
        "test_status_changed": payloads.test_status_changed(attempt, "passed"),
        "grade_shared": payloads.grade_shared(GradeFactory(candidate=candidate, shared_at=timezone.now())),
        "candidate_merged": payloads.candidate_merged(
            CandidateMerge.objects.create(kept=candidate, merged=CandidateFactory(merged_into=candidate))
        ),
        "candidate_unmerged": payloads.candidate_unmerged(
            CandidateMerge.objects.create(kept=candidate, merged=CandidateFactory(), undone_at=timezone.now())
        ),
    }, candidate


@pytest.mark.parametrize("event_type", sorted(SPEC_EXAMPLES))
def test_the_body_sent_has_the_spec_key_order_byte_for_byte(onef_receiver, event_type):
    bodies, candidate = spec_bodies()
    event_emit(event_type=event_type, body=reversed_keys(bodies[event_type]), candidate_id=candidate.pk)
    onef_receiver.expect_request("/onef/webhook", method="POST").respond_with_data("ok")
    send_due()
    (request, _), *_ = onef_receiver.log
    raw = request.get_data()
    expected = key_order(SPEC_EXAMPLES[event_type])
    if event_type == "new_message":  # an optional key added after v1.2 follows the spec's keys
        expected[0].append("channel")
    assert key_order(raw) == expected
    assert raw.startswith(b'{"requestBody":{"event_type":"' + event_type.encode() + b'"')


def test_a_real_status_change_arrives_in_spec_order_from_the_database(onef_receiver):
    candidate = CandidateFactory(status="new")
    candidate_services.candidate_status_change(candidate=candidate, status="reviewing")
    onef_receiver.expect_request("/onef/webhook", method="POST").respond_with_data("ok")
    send_due()
    raw = onef_receiver.log[0][0].get_data()
    assert key_order(raw) == key_order(SPEC_EXAMPLES["candidate_status_changed"])


def test_keys_the_spec_does_not_show_follow_the_spec_keys():
    body = {"requestBody": {"extra": 1, "status": "new", "event_type": "candidate_status_changed"}}
    assert list(payloads.in_spec_order(body)["requestBody"]) == ["event_type", "status", "extra"]


def test_each_delivery_carries_the_event_time_and_the_candidate_sequence(onef_receiver):
    candidate, other = CandidateFactory(status="new"), CandidateFactory(status="new")
    for status in ("reviewing", "interview"):
        candidate_services.candidate_status_change(candidate=candidate, status=status)
    candidate_services.candidate_status_change(candidate=other, status="rejected")
    onef_receiver.expect_request("/onef/webhook", method="POST").respond_with_data("ok")
    send_due()
    seen = {}
    for request, _ in onef_receiver.log:
        body = request.get_json()["requestBody"]
        event = Event.objects.get(pk=request.headers["webhook-id"])
        event_time = dt.datetime.fromisoformat(request.headers["webhook-event-time"].replace("Z", "+00:00"))
        assert event_time == event.created_at and request.headers["webhook-event-time"].endswith("Z")
        seen[(body["candidate_id"], body["status"])] = int(request.headers["webhook-candidate-sequence"])
    assert seen == {
        (str(candidate.id), "reviewing"): 1,
        (str(candidate.id), "interview"): 2,
        (str(other.id), "rejected"): 1,
    }


def test_an_event_without_a_candidate_has_no_sequence(onef_receiver):
    event = event_emit(event_type="ping", body=payloads.ping("x", dt.datetime.now(dt.UTC)))
    assert event.sequence is None
