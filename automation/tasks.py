"""Celery tasks of automation: thin wrappers around the services."""

from celery import shared_task

from automation import services


@shared_task(acks_late=True)
def execute_rule_run(run_id: int) -> str:
    run = services.rule_run_execute(run_id=run_id)
    return run.state if run is not None else "gone"


@shared_task(acks_late=True)
def execute_due_rule_runs() -> int:
    return services.rule_runs_execute_due()


@shared_task(acks_late=True)
def notify_sla_overdue() -> int:
    return services.sla_notify_overdue()
