"""Rule runs: recorded on stage entry, executed once due through the services, once per entry,
cancellable, skipped when paused or when the application has left the stage."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from automation.models import RuleAction, RuleRun, RunState
from automation.services import (
    latest_stage_entry,
    rule_run_cancel,
    rule_run_execute,
    rule_runs_execute_due,
    rule_runs_record,
)
from candidates import services as candidate_services
from candidates.models import Application, CandidateStatus, HistoryEntry, HistoryKind
from messaging.models import Message
from tests.automation.conftest import make_rule
from tests.factories import UserFactory
from tests_app import services as test_services
from tests_app.models import Attempt

pytestmark = pytest.mark.django_db


def _take_test(candidate, test, question, choice) -> Attempt:
    attempt = test_services.attempt_invite(candidate=candidate, test=test, notify=False)
    attempt = test_services.attempt_start(attempt=attempt)
    test_services.answer_save(attempt=attempt, question=question, choice_ids=[choice.pk])
    return test_services.attempt_submit(attempt=attempt)


def test_a_rule_moves_a_passed_test_to_interview_with_its_name_in_the_history(
    application, vacancy, one_question_test, celery_eager, django_capture_on_commit_callbacks
):
    test, question, right, _wrong = one_question_test
    make_rule(vacancy, name="Passed → interview")
    with django_capture_on_commit_callbacks(execute=True):
        attempt = _take_test(application.candidate, test, question, right)
    assert attempt.status == "passed"
    application.refresh_from_db()
    assert application.status == CandidateStatus.INTERVIEW
    entry = latest_stage_entry(application.pk)
    assert (entry.from_value, entry.to_value) == (CandidateStatus.TEST_COMPLETED, CandidateStatus.INTERVIEW)
    assert entry.actor_label == "rule: Passed → interview"
    run = RuleRun.objects.get()
    assert run.state == RunState.DONE


def test_a_result_below_the_threshold_rejects_after_the_delay(application, vacancy, one_question_test):
    test, question, _right, wrong = one_question_test
    make_rule(vacancy, reject_below=Decimal("50"), delay_minutes=60)
    _take_test(application.candidate, test, question, wrong)
    run = RuleRun.objects.get()
    assert run.state == RunState.SCHEDULED
    assert rule_run_execute(run_id=run.pk).state == RunState.SCHEDULED  # not due yet
    application.refresh_from_db()
    assert application.status == CandidateStatus.TEST_COMPLETED
    assert rule_runs_execute_due(now=timezone.now() + dt.timedelta(minutes=61)) == 1
    application.refresh_from_db()
    assert application.status == CandidateStatus.REJECTED


def test_hr_cancels_a_delayed_run_and_nothing_happens(application, vacancy, one_question_test):
    test, question, _right, wrong = one_question_test
    make_rule(vacancy, reject_below=Decimal("50"), delay_minutes=60)
    _take_test(application.candidate, test, question, wrong)
    run = RuleRun.objects.get()
    hr = UserFactory()
    assert rule_run_cancel(run=run, user=hr)
    assert not rule_run_cancel(run=run, user=hr)
    rule_runs_execute_due(now=timezone.now() + dt.timedelta(hours=2))
    run.refresh_from_db()
    application.refresh_from_db()
    assert (run.state, run.cancelled_by) == (RunState.CANCELLED, hr)
    assert application.status == CandidateStatus.TEST_COMPLETED


def test_a_rule_never_fires_twice_for_the_same_stage_entry(application, vacancy):
    make_rule(
        vacancy, trigger_stage=CandidateStatus.REVIEWING, action=RuleAction.ASSIGN_OWNER, owner=UserFactory()
    )
    candidate_services.application_status_change(application=application, status=CandidateStatus.REVIEWING)
    rule_runs_record(application=application, stage=CandidateStatus.REVIEWING)  # the signal again
    assert RuleRun.objects.count() == 1
    run = RuleRun.objects.get()
    with pytest.raises(IntegrityError):
        RuleRun.objects.create(
            rule=run.rule, application=application, stage_entry=run.stage_entry, due_at=run.due_at
        )


def test_entering_the_stage_again_is_a_new_entry_and_fires_again(application, vacancy):
    owner = UserFactory()
    make_rule(vacancy, trigger_stage=CandidateStatus.REVIEWING, action=RuleAction.ASSIGN_OWNER, owner=owner)
    for status in (CandidateStatus.REVIEWING, CandidateStatus.NEW, CandidateStatus.REVIEWING):
        candidate_services.application_status_change(application=application, status=status)
    assert RuleRun.objects.count() == 2


def test_a_paused_rule_records_nothing_and_its_pending_runs_are_skipped(application, vacancy):
    rule = make_rule(
        vacancy, trigger_stage=CandidateStatus.REVIEWING, action=RuleAction.ASSIGN_OWNER, owner=UserFactory()
    )
    candidate_services.application_status_change(application=application, status=CandidateStatus.REVIEWING)
    rule.is_active = False
    rule.save()
    run = rule_run_execute(run_id=RuleRun.objects.get().pk)
    assert (run.state, run.outcome) == (RunState.SKIPPED, "The rule was paused.")
    candidate_services.application_status_change(application=application, status=CandidateStatus.NEW)
    candidate_services.application_status_change(application=application, status=CandidateStatus.REVIEWING)
    assert RuleRun.objects.count() == 1
    application.refresh_from_db()
    assert application.owner is None


def test_a_run_is_skipped_when_the_application_left_the_stage(application, vacancy):
    make_rule(
        vacancy, trigger_stage=CandidateStatus.REVIEWING, action=RuleAction.ASSIGN_OWNER, owner=UserFactory()
    )
    candidate_services.application_status_change(application=application, status=CandidateStatus.REVIEWING)
    candidate_services.application_status_change(application=application, status=CandidateStatus.INTERVIEW)
    run = rule_run_execute(run_id=RuleRun.objects.get().pk)
    assert run.state == RunState.SKIPPED


def test_assign_owner_and_send_template_act_with_the_rule_as_actor(application, vacancy):
    from messaging.models import MessageTemplate

    MessageTemplate.objects.create(
        name="welcome", language="en", text="Hello {first_name}, thanks for {vacancy}!"
    )
    owner = UserFactory()
    make_rule(
        vacancy,
        name="Owner",
        trigger_stage=CandidateStatus.REVIEWING,
        action=RuleAction.ASSIGN_OWNER,
        owner=owner,
    )
    make_rule(
        vacancy,
        name="Welcome",
        trigger_stage=CandidateStatus.REVIEWING,
        action=RuleAction.SEND_TEMPLATE,
        template_name="welcome",
    )
    candidate_services.application_status_change(application=application, status=CandidateStatus.REVIEWING)
    assert rule_runs_execute_due() == 2
    assert Application.objects.get(pk=application.pk).owner == owner
    message = Message.objects.get(candidate=application.candidate)
    assert message.text == f"Hello {application.candidate.name}, thanks for Python developer!"
    sent = HistoryEntry.objects.get(candidate=application.candidate, kind=HistoryKind.MESSAGE_SENT)
    assert sent.actor_label == "rule: Welcome"


def test_a_missing_template_fails_the_run_with_a_reason(application, vacancy):
    make_rule(
        vacancy,
        trigger_stage=CandidateStatus.REVIEWING,
        action=RuleAction.SEND_TEMPLATE,
        template_name="nope",
    )
    candidate_services.application_status_change(application=application, status=CandidateStatus.REVIEWING)
    rule_runs_execute_due()
    run = RuleRun.objects.get()
    assert run.state == RunState.FAILED
    assert "nope" in run.outcome


def test_invite_to_test_on_a_new_application(vacancy, one_question_test):
    from tests.factories import CandidateFactory

    test = one_question_test[0]
    make_rule(
        vacancy, name="Quiz", trigger_stage=CandidateStatus.NEW, action=RuleAction.INVITE_TO_TEST, test=test
    )
    candidate = CandidateFactory()
    application = candidate_services.application_create(
        candidate=candidate, vacancy=vacancy, source="careers"
    )
    rule_runs_execute_due()
    attempt = Attempt.objects.get(candidate=candidate)
    assert attempt.test == test
    invited = HistoryEntry.objects.get(candidate=candidate, kind=HistoryKind.INVITED)
    assert invited.actor_label == "rule: Quiz"
    application.refresh_from_db()
    assert application.status == CandidateStatus.TEST_ASSIGNED


def test_open_answers_make_the_run_wait_for_the_review(application, vacancy, one_question_test):
    from tests.factories import QuestionFactory
    from tests_app.models import QuestionKind

    test, question, right, _wrong = one_question_test
    open_question = QuestionFactory(test=test, kind=QuestionKind.OPEN_TEXT, points=1)
    make_rule(vacancy)
    attempt = test_services.attempt_invite(candidate=application.candidate, test=test, notify=False)
    attempt = test_services.attempt_start(attempt=attempt)
    test_services.answer_save(attempt=attempt, question=question, choice_ids=[right.pk])
    test_services.answer_save(attempt=attempt, question=open_question, text="An answer")
    attempt = test_services.attempt_submit(attempt=attempt)
    assert attempt.status == "needs_review"
    rule_runs_execute_due()
    assert RuleRun.objects.get().state == RunState.WAITING
    answer = attempt.answers.get(question=open_question)
    test_services.answer_review(answer=answer, points=Decimal("1"), reviewer=UserFactory())
    test_services.attempt_finish_review(attempt=attempt)
    assert RuleRun.objects.get().state == RunState.SCHEDULED
    rule_runs_execute_due()
    application.refresh_from_db()
    assert application.status == CandidateStatus.INTERVIEW


def test_the_sweeps_are_on_the_beat_schedule():
    from recruitment.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"automation.tasks.execute_due_rule_runs", "automation.tasks.notify_sla_overdue"} <= tasks


def test_the_task_executes_a_due_run_and_says_its_state(application, vacancy):
    from automation.tasks import execute_rule_run

    make_rule(
        vacancy, trigger_stage=CandidateStatus.REVIEWING, action=RuleAction.ASSIGN_OWNER, owner=UserFactory()
    )
    candidate_services.application_status_change(application=application, status=CandidateStatus.REVIEWING)
    run = RuleRun.objects.get()
    assert execute_rule_run(run.pk) == RunState.DONE
    assert execute_rule_run(run.pk) == RunState.DONE  # a second delivery of the task changes nothing
    assert execute_rule_run(10**9) == "gone"
