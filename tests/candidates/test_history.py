"""The history holds every path: each service records what happened, who or what did it."""

import pytest
from django.urls import reverse

from candidates import screening, services
from candidates.models import ApplicationSource, HistoryEntry, HistoryKind
from messaging.services import message_send
from tests.factories import ApplicationFactory, CandidateFactory, EndpointFactory, TestFactory, UserFactory
from tests_app.services import attempt_invite
from webhooks.models import Event

pytestmark = pytest.mark.django_db


def kinds(candidate) -> list[tuple[str, str]]:
    return list(
        HistoryEntry.objects.filter(candidate=candidate)
        .order_by("created_at", "id")
        .values_list("kind", "actor_label")
    )


def test_grades_added_edited_shared_and_edited_after_sharing_are_recorded():
    hr = UserFactory()
    candidate = CandidateFactory()
    grade = services.grade_create(candidate=candidate, value=70, created_by=hr)
    services.grade_update(grade=grade, value=75, comment="", edited_by=hr)
    services.grade_share(grade=grade, shared_by=hr)
    services.grade_update(grade=grade, value=80, comment="after the call", edited_by=hr)

    entries = list(HistoryEntry.objects.filter(candidate=candidate).order_by("created_at", "id"))
    assert [(e.kind, e.from_value, e.to_value, e.actor) for e in entries] == [
        (HistoryKind.GRADE_ADDED, "", "70", hr),
        (HistoryKind.GRADE_EDITED, "70", "75", hr),
        (HistoryKind.GRADE_SHARED, "", "75", hr),
        (HistoryKind.GRADE_EDITED_AFTER_SHARING, "75", "80", hr),
    ]
    assert entries[-1].get_kind_display() == "Grade edited after sharing"


def test_an_invitation_its_message_and_the_automatic_move_are_recorded():
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate)
    attempt_invite(candidate=candidate, test=TestFactory(), actor_label="API key OneF")
    assert kinds(candidate) == [
        (HistoryKind.INVITED, "API key OneF"),
        (HistoryKind.STATUS_CHANGED, "automatic rule"),
        (HistoryKind.MESSAGE_SENT, "API key OneF"),
    ]


def test_a_message_sent_by_hr_is_recorded_with_the_sender():
    hr = UserFactory()
    candidate = CandidateFactory()
    message = message_send(candidate=candidate, text="Hello", sent_by=hr)
    entry = HistoryEntry.objects.get(candidate=candidate)
    assert (entry.kind, entry.actor, entry.details) == (
        HistoryKind.MESSAGE_SENT,
        hr,
        {"message_id": str(message.pk)},
    )


def test_an_analysis_is_recorded_on_its_application():
    application = ApplicationFactory(cv_text="Python, Django")
    screening.candidate_analyze(
        candidate=application.candidate, application=application, actor_label="API key X"
    )
    entry = HistoryEntry.objects.get(kind=HistoryKind.ANALYSED)
    assert (entry.application_id, entry.actor_label) == (application.pk, "API key X")


def test_anonymisation_is_recorded():
    hr = UserFactory()
    candidate = CandidateFactory()
    services.candidate_anonymize(candidate=candidate, actor=hr)
    entry = HistoryEntry.objects.get(candidate=candidate)
    assert (entry.kind, entry.actor) == (HistoryKind.ANONYMISED, hr)


def test_one_announcement_and_one_history_entry_per_change_on_every_path(client, status_events):
    """API, admin form, bulk action, automatic rule, new application: each change once."""
    EndpointFactory()
    hr = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(hr)
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate)
    changelist = reverse("admin:candidates_candidate_changelist")

    attempt_invite(candidate=candidate, test=TestFactory(), notify=False)  # automatic: test_assigned
    client.post(changelist, {"action": "set_status_interview", "_selected_action": [str(candidate.pk)]})
    services.candidate_status_change(candidate=candidate, status="reviewing", actor_label="API key OneF")
    services.application_create(
        candidate=candidate,
        vacancy=ApplicationFactory().vacancy,
        source=ApplicationSource.TELEGRAM,
        actor_label="bot",
    )

    changes = HistoryEntry.objects.filter(candidate=candidate, kind=HistoryKind.STATUS_CHANGED).order_by(
        "created_at", "id"
    )
    assert [(e.from_value, e.to_value, e.actor_label) for e in changes] == [
        ("new", "test_assigned", "automatic rule"),
        ("test_assigned", "interview", "bulk action"),
        ("interview", "reviewing", "API key OneF"),
        ("reviewing", "new", "bot"),
    ]
    assert [e[1:3] for e in status_events] == [(e.from_value, e.to_value) for e in changes]
    events = Event.objects.filter(event_type="candidate_status_changed", candidate_id=candidate.pk)
    assert sorted(e.payload["requestBody"]["status"] for e in events) == [
        "interview",
        "new",
        "reviewing",
        "test_assigned",
    ]
