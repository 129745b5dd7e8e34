"""backoffice.gdpr.candidate_export: everything stored about one candidate, as JSON."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from backoffice.audit import audit_record
from backoffice.gdpr import candidate_export
from tests.factories import (
    AIAnalysisFactory,
    AnswerFactory,
    ApplicationFactory,
    AttemptFactory,
    CandidateFactory,
    GradeFactory,
    MessageFactory,
    ProctorEventFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_export_covers_profile_applications_analyses_grades_attempts_and_messages():
    candidate = CandidateFactory(
        name="Jana", email="jana@example.com", cv_text="CV text", cv_filename="j.pdf"
    )
    ApplicationFactory(candidate=candidate, vacancy__name="QA")
    AIAnalysisFactory(candidate=candidate, rating=55, breakdown=[{"criterion": "SQL"}])
    GradeFactory(candidate=candidate, value=77, comment="good")
    attempt = AttemptFactory(candidate=candidate, test__title="SQL test")
    AnswerFactory(attempt=attempt, question__test=attempt.test, text="SELECT 1")
    ProctorEventFactory(attempt=attempt, kind="paste")
    MessageFactory(candidate=candidate, text="hello")
    MessageFactory(candidate=CandidateFactory(), text="not hers")
    audit_record(user=UserFactory(), candidate=candidate, message="Status: new → interview")

    data = json.loads(json.dumps(candidate_export(candidate=candidate), cls=DjangoJSONEncoder))

    assert (data["name"], data["email"], data["cv_text"], data["cv_filename"]) == (
        "Jana",
        "jana@example.com",
        "CV text",
        "j.pdf",
    )
    assert [a["vacancy"]["name"] for a in data["applications"]] == ["QA"]
    assert data["ai_analyses"][0]["rating"] == 55 and data["ai_analyses"][0]["breakdown"] == [
        {"criterion": "SQL"}
    ]
    assert [(g["value"], g["comment"]) for g in data["grades"]] == [(77, "good")]
    assert data["attempts"][0]["test"] == "SQL test"
    assert [a["text"] for a in data["attempts"][0]["answers"]] == ["SELECT 1"]
    assert [e["kind"] for e in data["attempts"][0]["proctor_events"]] == ["paste"]
    assert [m["text"] for m in data["messages"]] == ["hello"]
    assert [a["action"] for a in data["audit_log"]] == ["Status: new → interview"]
