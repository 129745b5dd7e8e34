"""backoffice.gdpr.candidate_export: everything stored about one candidate, as JSON."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.serializers.json import DjangoJSONEncoder

from backoffice.gdpr import candidate_export
from candidates import services
from candidates.models import HistoryEntry, HistoryKind
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
    hr = UserFactory()
    services.candidate_status_change(candidate=candidate, status="interview", actor=hr)
    LogEntry.objects.log_actions(
        user_id=hr.pk, queryset=[candidate], action_flag=CHANGE, change_message="Changed Phone."
    )

    data = json.loads(json.dumps(candidate_export(candidate=candidate, actor=hr), cls=DjangoJSONEncoder))

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
    assert [(h["kind"], h["from"], h["to"]) for h in data["history"]] == [
        ("status_changed", "new", "interview")
    ]
    assert [a["action"] for a in data["admin_log"]] == ["Changed Phone."]


def test_the_export_is_recorded_in_the_history_with_the_user_who_asked():
    candidate, hr = CandidateFactory(), UserFactory()
    candidate_export(candidate=candidate, actor=hr)
    entry = HistoryEntry.objects.get(candidate=candidate)
    assert (entry.kind, entry.actor) == (HistoryKind.DATA_EXPORTED, hr)
