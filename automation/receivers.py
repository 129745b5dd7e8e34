"""Automation listens to the domain apps: a stage entry records the runs of the rules watching that
stage (in the move's transaction); a test result frees the runs waiting for one. Tasks do the acts."""

from django.dispatch import receiver

from automation.services import rule_runs_record, rule_runs_resume_waiting
from candidates.models import CandidateStatus
from candidates.signals import application_created, application_status_changed
from tests_app.models import AttemptStatus
from tests_app.signals import attempt_status_changed

RESULT_STATUSES = frozenset({AttemptStatus.PASSED, AttemptStatus.FAILED, AttemptStatus.COMPLETED})


@receiver(application_status_changed, dispatch_uid="automation.stage_entry")
def _on_stage_entry(sender, *, application, new_status, **kwargs) -> None:
    rule_runs_record(application=application, stage=new_status)


@receiver(application_created, dispatch_uid="automation.application_created")
def _on_application(sender, *, application, **kwargs) -> None:
    rule_runs_record(application=application, stage=application.status or CandidateStatus.NEW)


@receiver(attempt_status_changed, dispatch_uid="automation.test_result")
def _on_test_result(sender, *, attempt, new_status, **kwargs) -> None:
    if new_status in RESULT_STATUSES:
        rule_runs_resume_waiting(candidate=attempt.candidate)
