"""Rule runs: recorded when an application enters a stage (in that move's transaction), executed by
a task once due (re-reading the row), cancellable by HR until then. One run per rule and stage
entry, whatever happens twice (a signal, a retried task): the database refuses the second."""

import datetime as dt
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from automation.models import PENDING_RUN_STATES, AutomationRule, RuleAction, RuleRun, RunState
from automation.services.actions import WaitForResult, rule_act
from candidates.models import Application, Candidate, HistoryEntry, HistoryKind

logger = logging.getLogger(__name__)
SWEEP_BATCH = 200
STAGE_ENTRY_KINDS = (HistoryKind.STATUS_CHANGED, HistoryKind.APPLIED)


def latest_stage_entry(application_id: int) -> HistoryEntry | None:
    return (
        HistoryEntry.objects.filter(application_id=application_id, kind__in=STAGE_ENTRY_KINDS)
        .order_by("-created_at", "-id")
        .first()
    )


def rule_runs_record(
    *, application: Application, stage: str, now: dt.datetime | None = None
) -> list[RuleRun]:
    """The active rules of the application's vacancy that watch `stage`, one run each for this entry."""
    rules = list(
        AutomationRule.objects.filter(vacancy_id=application.vacancy_id, trigger_stage=stage, is_active=True)
    )
    if not rules:
        return []
    entry = latest_stage_entry(application.pk)
    if entry is None:
        return []
    now = now or timezone.now()
    runs = [
        RuleRun(
            rule=rule,
            application_id=application.pk,
            stage_entry=entry,
            due_at=now + dt.timedelta(minutes=rule.delay_minutes),
        )
        for rule in rules
    ]
    RuleRun.objects.bulk_create(runs, ignore_conflicts=True)
    stored = list(RuleRun.objects.filter(stage_entry=entry, rule__in=rules, state=RunState.SCHEDULED))
    for run in stored:
        transaction.on_commit(lambda run=run: _enqueue(run.pk, run.due_at), robust=True)
    return stored


def _enqueue(run_id: int, due_at: dt.datetime) -> None:
    from automation.tasks import execute_rule_run  # tasks call these services

    if due_at <= timezone.now():
        execute_rule_run.delay(run_id)
    else:
        execute_rule_run.apply_async((run_id,), eta=due_at)


def _finish(run: RuleRun, state: str, outcome: str, now: dt.datetime) -> RuleRun:
    run.state, run.outcome, run.done_at = state, outcome[:300], now
    run.save(update_fields=["state", "outcome", "done_at", "updated_at"])
    return run


def _still_in_stage(run: RuleRun) -> bool:
    application = run.application
    if application.status != run.rule.trigger_stage:
        return False
    entry = latest_stage_entry(application.pk)
    return entry is not None and entry.pk == run.stage_entry_id


def rule_run_execute(*, run_id: int, now: dt.datetime | None = None) -> RuleRun | None:
    """Do a due run once. Skipped when its rule is paused or the application has left the stage."""
    now = now or timezone.now()
    with transaction.atomic():
        run = (
            RuleRun.objects.select_for_update(of=("self",))
            .select_related("rule", "rule__test", "rule__owner", "application", "application__candidate")
            .filter(pk=run_id)
            .first()
        )
        if run is None or run.state != RunState.SCHEDULED or run.due_at > now:
            return run  # gone, done already, cancelled, waiting, or not due yet
        if not run.rule.is_active:
            return _finish(run, RunState.SKIPPED, "The rule was paused.", now)
        if not _still_in_stage(run):
            return _finish(run, RunState.SKIPPED, "The application had left the stage.", now)
        try:
            with transaction.atomic():
                outcome = rule_act(rule=run.rule, application=run.application)
        except WaitForResult:
            run.state = RunState.WAITING
            run.save(update_fields=["state", "updated_at"])
            return run
        except ValidationError as error:
            logger.info("Rule run %s failed: %s", run.pk, error.messages)
            return _finish(run, RunState.FAILED, "; ".join(error.messages), now)
        return _finish(run, RunState.DONE, outcome, now)


def rule_runs_execute_due(*, now: dt.datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """The beat's sweep: every due run no task holds (broker down, a lost eta). Returns how many ran."""
    now = now or timezone.now()
    ids = list(
        RuleRun.objects.filter(state=RunState.SCHEDULED, due_at__lte=now)
        .order_by("due_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    done = 0
    for run_id in ids:
        run = rule_run_execute(run_id=run_id, now=now)
        done += run is not None and run.state != RunState.SCHEDULED
    return done


def rule_runs_resume_waiting(*, candidate: Candidate, now: dt.datetime | None = None) -> int:
    """A test result came in: the candidate's runs waiting for one are due again (after their delay)."""
    now = now or timezone.now()
    waiting = list(
        RuleRun.objects.select_for_update()
        .filter(application__candidate_id=candidate.pk, state=RunState.WAITING)
        .select_related("rule")
    )
    for run in waiting:
        if run.rule.action != RuleAction.DECIDE_ON_TEST:
            continue
        run.state, run.due_at = RunState.SCHEDULED, now + dt.timedelta(minutes=run.rule.delay_minutes)
        run.save(update_fields=["state", "due_at", "updated_at"])
        transaction.on_commit(lambda run=run: _enqueue(run.pk, run.due_at), robust=True)
    return len(waiting)


def rule_run_cancel(*, run: RuleRun, user: AbstractBaseUser | None) -> bool:
    """HR stops a run before it acts; False when it had already run (or was cancelled)."""
    updated = RuleRun.objects.filter(pk=run.pk, state__in=PENDING_RUN_STATES).update(
        state=RunState.CANCELLED,
        cancelled_by=user,
        done_at=timezone.now(),
        outcome="Cancelled by HR.",
        updated_at=timezone.now(),
    )
    if updated:
        run.refresh_from_db()
    return bool(updated)
