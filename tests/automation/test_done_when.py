"""Issue 28's "done when": a rule moves a passed test to "interview", and the next rule sends the
booking link; both acts in the history under the rules' names."""

import datetime as dt

import pytest

from automation.models import RuleAction, RuleRun, RunState
from automation.services import rule_runs_execute_due
from candidates import services as candidate_services
from candidates.models import CandidateStatus, HistoryEntry, HistoryKind
from interviews.models import BookingInvitation, InterviewerSchedule, WorkingHours
from messaging.models import ScheduledMessage
from tests.automation.conftest import make_rule
from tests.factories import UserFactory
from tests.messaging.conftest import clock
from tests_app import services as test_services

__all__ = ["clock"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def interviewer(db):
    """Ivan works 10:00-13:00 Moscow time on weekdays, in 60-minute steps (as in tests/interviews)."""
    ivan = UserFactory(username="ivan", first_name="Ivan")
    schedule = InterviewerSchedule.objects.create(
        interviewer=ivan, time_zone="Europe/Moscow", slot_step_minutes=60
    )
    for weekday in range(5):
        WorkingHours.objects.create(
            schedule=schedule, weekday=weekday, starts=dt.time(10, 0), ends=dt.time(13, 0)
        )
    return ivan


def test_a_rule_moves_a_passed_test_to_interview_and_sends_the_booking_link(
    settings,
    clock,
    application,
    vacancy,
    one_question_test,
    interviewer,
    celery_eager,
    django_capture_on_commit_callbacks,
):
    settings.PUBLIC_BASE_URL = "https://jobs.example.com"
    test, question, right, _wrong = one_question_test
    make_rule(vacancy, name="Passed → interview")
    make_rule(
        vacancy,
        name="Book the interview",
        trigger_stage=CandidateStatus.INTERVIEW,
        action=RuleAction.ASK_TO_BOOK,
        owner=interviewer,
        interview_location="https://meet.example.com/python",
    )
    candidate = application.candidate
    with django_capture_on_commit_callbacks(execute=True):
        attempt = test_services.attempt_invite(candidate=candidate, test=test, notify=False)
        attempt = test_services.attempt_start(attempt=attempt)
        test_services.answer_save(attempt=attempt, question=question, choice_ids=[right.pk])
        test_services.attempt_submit(attempt=attempt)

    application.refresh_from_db()
    assert application.status == CandidateStatus.INTERVIEW
    moved = HistoryEntry.objects.get(
        application=application, kind=HistoryKind.STATUS_CHANGED, to_value="interview"
    )
    assert moved.actor_label == "rule: Passed → interview"
    invitation = BookingInvitation.objects.get(application=application)
    assert (invitation.interviewer, invitation.status) == (interviewer, "pending")
    message = ScheduledMessage.objects.get(candidate=candidate, reason=f"booking:{invitation.pk}:invite")
    link = f"https://jobs.example.com/book/{invitation.token}/"
    assert [{"text": "Open in the browser", "url": link}] in message.buttons
    assert sorted(RuleRun.objects.values_list("rule__name", "state")) == [
        ("Book the interview", RunState.DONE),
        ("Passed → interview", RunState.DONE),
    ]


def test_asking_to_book_with_an_interviewer_without_hours_fails_the_run_with_the_reason(application, vacancy):
    make_rule(
        vacancy,
        name="Book",
        trigger_stage=CandidateStatus.INTERVIEW,
        action=RuleAction.ASK_TO_BOOK,
        owner=UserFactory(),
        interview_location="Office",
    )
    candidate_services.application_status_change(application=application, status=CandidateStatus.INTERVIEW)
    rule_runs_execute_due()
    run = RuleRun.objects.get()
    assert run.state == RunState.FAILED
    assert "working hours" in run.outcome
    assert not BookingInvitation.objects.exists()
