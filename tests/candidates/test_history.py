"""The history holds every path: each service records what happened, who or what did it."""

import pytest
from django.db.models.signals import post_save
from django.urls import reverse

from candidates import screening, services, signals
from candidates.models import ApplicationSource, Candidate, HistoryEntry, HistoryKind
from messaging.services import message_send
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    EndpointFactory,
    GradeFactory,
    TestFactory,
    UserFactory,
)
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
        {"message_id": str(message.pk), "channel": "telegram"},
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


def test_anonymisation_wipes_the_cv_file_names_from_the_history():
    candidate = CandidateFactory()
    HistoryEntry.objects.create(
        candidate=candidate, kind=HistoryKind.CV_UPDATED, details={"filename": "Erika_Muster_CV.pdf"}
    )
    services.candidate_anonymize(candidate=candidate)
    assert HistoryEntry.objects.get(kind=HistoryKind.CV_UPDATED).details == {}


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


@pytest.fixture
def failing_history():
    """Writing a history entry fails: what the service changed with it must not stay either."""

    def fail(**kwargs):
        raise RuntimeError("the history table is full")

    post_save.connect(fail, sender=HistoryEntry, weak=False, dispatch_uid="test-failing-history")
    yield
    post_save.disconnect(sender=HistoryEntry, dispatch_uid="test-failing-history")


def test_an_hr_change_and_its_entry_are_one_transaction(failing_history):
    hr = UserFactory()
    application = ApplicationFactory(candidate=CandidateFactory(telegram_id=555001))
    candidate = application.candidate
    grade = GradeFactory(candidate=candidate, value=60)
    attempts = [
        lambda: services.application_status_change(application=application, status="interview", actor=hr),
        lambda: services.grade_create(candidate=candidate, value=90, created_by=hr),
        lambda: services.grade_share(grade=grade, shared_by=hr),
        lambda: message_send(candidate=candidate, text="Hello", sent_by=hr),
        lambda: attempt_invite(candidate=candidate, test=TestFactory(), actor=hr),
        lambda: services.candidate_anonymize(candidate=candidate, actor=hr),
    ]
    for attempt in attempts:
        with pytest.raises(RuntimeError):
            attempt()

    application.refresh_from_db()
    grade.refresh_from_db()
    assert application.status == "new" and grade.shared_at is None
    assert list(candidate.grades.all()) == [grade]
    assert not candidate.messages.exists() and not candidate.attempts.exists()
    assert Candidate.objects.get(pk=candidate.pk).anonymized_at is None
    assert not HistoryEntry.objects.exists()


def test_a_status_change_that_fails_after_its_entry_leaves_no_entry():
    application = ApplicationFactory()

    def fail(**kwargs):
        raise RuntimeError("a receiver failed")

    signals.application_status_changed.connect(fail, weak=False, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            services.application_status_change(
                application=application, status="interview", actor=UserFactory()
            )
    finally:
        signals.application_status_changed.disconnect(dispatch_uid="test-fail")
    assert not HistoryEntry.objects.exists()
