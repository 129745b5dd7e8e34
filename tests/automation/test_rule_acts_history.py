"""Issue 28 part 3 "Safety": assigning an owner and asking to book are in the history with the rule's
name as actor, in the act's transaction, and read as sentences in the reader's language; HR's own
"choose a time" is recorded under HR's name."""

import datetime as dt

import pytest
from django.utils import translation

from automation.models import RuleAction, RuleRun, RunState
from automation.services import rule_runs_execute_due
from backoffice.admin.history_display import history_actor, history_text
from candidates import services as candidate_services
from candidates.models import Application, CandidateStatus, HistoryEntry, HistoryKind
from interviews.booking_services import booking_invitation_send
from interviews.models import BookingInvitation, InterviewerSchedule, WorkingHours
from tests.automation.conftest import make_rule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def interviewer(db):
    ivan = UserFactory(username="ivan", first_name="Ivan", last_name="")
    schedule = InterviewerSchedule.objects.create(
        interviewer=ivan, time_zone="Europe/Moscow", slot_step_minutes=60
    )
    for weekday in range(7):
        WorkingHours.objects.create(
            schedule=schedule, weekday=weekday, starts=dt.time(10, 0), ends=dt.time(13, 0)
        )
    return ivan


def in_both(show, entry: HistoryEntry) -> tuple[str, str]:
    with translation.override("en"):
        english = show(entry)
    with translation.override("ru"):
        russian = show(entry)
    return english, russian


def test_a_rule_that_assigns_an_owner_is_in_the_history_under_its_name(application, vacancy):
    owner = UserFactory(username="olga", first_name="Olga", last_name="Petrova")
    make_rule(
        vacancy,
        name="Olga owns it",
        trigger_stage=CandidateStatus.REVIEWING,
        action=RuleAction.ASSIGN_OWNER,
        owner=owner,
    )
    candidate_services.application_status_change(application=application, status=CandidateStatus.REVIEWING)
    assert rule_runs_execute_due() == 1
    assert Application.objects.get(pk=application.pk).owner == owner
    entry = HistoryEntry.objects.get(application=application, kind=HistoryKind.OWNER_ASSIGNED)
    assert (entry.actor, entry.actor_label, entry.to_value) == (None, "rule: Olga owns it", str(owner.pk))
    assert in_both(history_text, entry) == (
        "Owner set to Olga Petrova",
        "Назначен ответственный: Olga Petrova",
    )
    assert in_both(history_actor, entry) == ("rule “Olga owns it”", "правило «Olga owns it»")


def test_a_rule_that_finds_the_owner_already_set_records_nothing(application, vacancy):
    owner = UserFactory()
    Application.objects.filter(pk=application.pk).update(owner=owner)
    make_rule(vacancy, trigger_stage=CandidateStatus.REVIEWING, action=RuleAction.ASSIGN_OWNER, owner=owner)
    candidate_services.application_status_change(application=application, status=CandidateStatus.REVIEWING)
    rule_runs_execute_due()
    assert RuleRun.objects.get().state == RunState.DONE
    assert not HistoryEntry.objects.filter(kind=HistoryKind.OWNER_ASSIGNED).exists()


def test_a_rule_that_asks_to_book_is_in_the_history_under_its_name(application, vacancy, interviewer):
    make_rule(
        vacancy,
        name="Book the interview",
        trigger_stage=CandidateStatus.INTERVIEW,
        action=RuleAction.ASK_TO_BOOK,
        owner=interviewer,
        interview_location="https://meet.example.com/python",
        interview_minutes=45,
    )
    candidate_services.application_status_change(application=application, status=CandidateStatus.INTERVIEW)
    rule_runs_execute_due()
    assert RuleRun.objects.get().state == RunState.DONE
    invitation = BookingInvitation.objects.get(application=application)
    entry = HistoryEntry.objects.get(application=application, kind=HistoryKind.BOOKING_REQUESTED)
    assert (entry.actor, entry.actor_label) == (None, "rule: Book the interview")
    assert entry.details == {"invitation_id": invitation.pk, "duration_minutes": 45}
    assert in_both(history_text, entry) == (
        "Asked to choose a time for a 45-minute interview",
        "Кандидата попросили выбрать время собеседования на 45 мин",
    )


def test_hr_asking_to_choose_a_time_is_in_the_history_under_hr(application, interviewer):
    hr = UserFactory(username="anna")
    booking_invitation_send(
        application=application,
        interviewer=interviewer,
        format="video",
        location="https://meet.example.com/x",
        created_by=hr,
    )
    entry = HistoryEntry.objects.get(application=application, kind=HistoryKind.BOOKING_REQUESTED)
    assert (entry.actor, entry.actor_label) == (hr, "")


def test_a_refused_invitation_leaves_no_history(application):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        booking_invitation_send(
            application=application, interviewer=UserFactory(), format="video", location="x"
        )
    assert not HistoryEntry.objects.filter(kind=HistoryKind.BOOKING_REQUESTED).exists()


def test_the_public_booking_page_records_no_request(application, interviewer):
    booking_invitation_send(
        application=application, interviewer=interviewer, format="video", location="x", notify=False
    )
    assert not HistoryEntry.objects.filter(kind=HistoryKind.BOOKING_REQUESTED).exists()
