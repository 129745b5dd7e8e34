"""webhooks.receivers and payloads: each domain event reaches the receiver exactly as section 2 of the
spec shows it."""

import base64
import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from candidates import services as candidate_services
from candidates.models import CandidateStatus
from messaging import services as messaging_services
from tests.factories import (
    ApplicationFactory,
    AttemptFactory,
    CandidateFactory,
    GradeFactory,
    TestFactory,
    UserFactory,
    VacancyFactory,
)
from tests.webhooks.conftest import received_bodies, send_due
from tests_app import services as test_services
from tests_app.models import AttemptStatus
from webhooks.models import Event

pytestmark = pytest.mark.django_db


def _utc_z(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _the_one_body(httpserver) -> dict:
    httpserver.expect_request("/onef/webhook", method="POST").respond_with_data("ok")
    send_due()
    bodies = received_bodies(httpserver)
    assert len(bodies) == 1
    assert list(bodies[0]) == ["requestBody"]
    return bodies[0]["requestBody"]


def test_new_application_carries_the_rating_and_the_cv_as_base64(onef_receiver):
    vacancy = VacancyFactory(name="Senior Rust Developer")
    candidate = CandidateFactory(
        name="John",
        surname="Doe",
        email="john@example.com",
        phone="+123456789",
        dob=dt.date(1990, 1, 1),
        telegram_id=123456789,
        ai_rating=85,
        ai_comment="Strong match based on experience.",
        cv_filename="cv.pdf",
    )
    cv_bytes = b"%PDF-1.4\n%\xe2\xe3 a tiny cv"
    candidate.cv_file.save("cv.pdf", ContentFile(cv_bytes))
    application = ApplicationFactory(candidate=candidate, vacancy=vacancy)

    candidate_services.application_mark_screened(application=application)

    body = _the_one_body(onef_receiver)
    assert body == {
        "event_type": "new_application",
        "vacancy_id": vacancy.id,
        "vacancy_name": "Senior Rust Developer",
        "applied_at": _utc_z(application.applied_at),
        "candidate": {
            "id": str(candidate.id),
            "telegram_id": 123456789,
            "fullname": "John Doe",
            "name": "John",
            "surname": "Doe",
            "email": "john@example.com",
            "phone": "+123456789",
            "dob": "1990-01-01",
            "cv_file_base64": base64.b64encode(cv_bytes).decode(),
            "cv_filename": "cv.pdf",
            "ai_rating": 85,
            "ai_comment": "Strong match based on experience.",
        },
    }
    assert type(body["vacancy_id"]) is int
    assert body["applied_at"].endswith("Z")


def test_new_application_without_cv_or_rating_sends_nulls(onef_receiver):
    candidate = CandidateFactory(ai_rating=None, ai_comment="AI analysis failed: the model timed out.")
    application = ApplicationFactory(candidate=candidate)

    candidate_services.application_mark_screened(application=application)

    body = _the_one_body(onef_receiver)["candidate"]
    assert body["cv_file_base64"] is None
    assert body["cv_filename"] is None
    assert body["ai_rating"] is None
    assert body["ai_comment"] == "AI analysis failed: the model timed out."


def test_new_application_is_announced_once_even_if_screened_twice(onef_receiver):
    application = ApplicationFactory()
    candidate_services.application_mark_screened(application=application)
    candidate_services.application_mark_screened(application=application)
    assert Event.objects.filter(event_type="new_application").count() == 1


def test_inbound_message_sends_new_message(onef_receiver):
    candidate = CandidateFactory(telegram_id=123456789)
    message, _ = messaging_services.message_receive(
        candidate=candidate,
        text="Hello, I have a question about the test.",
        telegram_chat_id=123456789,
        telegram_message_id=7,
    )

    assert _the_one_body(onef_receiver) == {
        "event_type": "new_message",
        "candidate_id": str(candidate.id),
        "telegram_id": 123456789,
        "text": "Hello, I have a question about the test.",
        "received_at": _utc_z(message.created_at),
        "channel": "telegram",
    }


def test_outbound_message_sends_nothing(onef_receiver):
    candidate = CandidateFactory()
    messaging_services.message_send(candidate=candidate, text="Your interview is tomorrow.")
    assert not Event.objects.exists()


def test_status_change_sends_candidate_status_changed_once(onef_receiver):
    candidate = CandidateFactory()

    candidate_services.candidate_status_change(candidate=candidate, status=CandidateStatus.REVIEWING)
    candidate_services.candidate_status_change(candidate=candidate, status=CandidateStatus.REVIEWING)

    candidate.refresh_from_db()
    assert _the_one_body(onef_receiver) == {
        "event_type": "candidate_status_changed",
        "candidate_id": str(candidate.id),
        "status": "reviewing",
        "updated_at": _utc_z(candidate.updated_at),
    }


def test_test_start_sends_status_without_score(onef_receiver):
    attempt = AttemptFactory()

    test_services.attempt_start(attempt=attempt)

    attempt.refresh_from_db()
    assert _the_one_body(onef_receiver) == {
        "event_type": "test_status_changed",
        "attempt_id": str(attempt.id),
        "candidate_id": str(attempt.candidate_id),
        "test_id": str(attempt.test_id),
        "status": "in_progress",
        "updated_at": _utc_z(attempt.updated_at),
    }


@pytest.mark.parametrize(
    ("threshold", "status", "passed"),
    [
        (Decimal("0"), AttemptStatus.PASSED, True),
        (Decimal("100"), AttemptStatus.FAILED, False),
        (None, AttemptStatus.COMPLETED, None),
    ],
)
def test_test_submit_sends_score_as_floats_and_passed(onef_receiver, threshold, status, passed):
    attempt = AttemptFactory(test=TestFactory(pass_threshold=threshold))
    test_services.attempt_start(attempt=attempt)
    # The start event is not what this test is about: deliver it first.
    onef_receiver.expect_request("/onef/webhook").respond_with_data("ok")
    send_due()
    onef_receiver.clear_log()

    test_services.attempt_submit(attempt=attempt)

    attempt.refresh_from_db()
    assert attempt.status == status
    body = _the_one_body(onef_receiver)
    assert body == {
        "event_type": "test_status_changed",
        "attempt_id": str(attempt.id),
        "candidate_id": str(attempt.candidate_id),
        "test_id": str(attempt.test_id),
        "status": status,
        "score": float(attempt.score),
        "max_score": float(attempt.max_score),
        "percentage": float(attempt.percentage),
        "passed": passed,
        "updated_at": _utc_z(attempt.updated_at),
    }
    assert all(type(body[key]) is float for key in ("score", "max_score", "percentage"))


def test_grade_shared_sends_the_integer_grade(onef_receiver):
    grade = GradeFactory(value=90)

    candidate_services.grade_share(grade=grade, shared_by=UserFactory())

    assert _the_one_body(onef_receiver) == {
        "event_type": "grade_shared",
        "candidate_id": str(grade.candidate_id),
        "grade": 90,
        "shared_at": _utc_z(grade.shared_at),
    }


def test_an_escaped_attempt_sends_no_score_even_though_it_was_graded(onef_receiver):
    attempt = AttemptFactory()
    test_services.attempt_start(attempt=attempt)
    onef_receiver.expect_request("/onef/webhook").respond_with_data("ok")
    send_due()
    onef_receiver.clear_log()

    test_services.attempt_mark_escaped(attempt=attempt)

    attempt.refresh_from_db()
    assert attempt.score is not None  # graded, but the spec publishes scores only for final results
    body = _the_one_body(onef_receiver)
    assert body["status"] == "escaped"
    assert not {"score", "max_score", "percentage", "passed"} & set(body)
