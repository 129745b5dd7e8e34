"""The Celery application. Configuration lives in Django settings under the CELERY_ prefix."""

import os

from celery import Celery, signals

import core.observability.celery  # noqa: F401  (request ids in task headers; Django's logging)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment.settings")

app = Celery("recruitment")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# A worker reads its queue with BRPOP, which waits up to a second for a task: its sockets must wait
# longer than that. Web processes only publish, and keep the short REDIS_SOCKET_TIMEOUT_MS of settings.
WORKER_BROKER_SOCKET_TIMEOUT = 10


@signals.worker_init.connect
def workers_wait_longer_on_the_broker(**kwargs) -> None:
    app.conf.broker_transport_options = {
        **app.conf.broker_transport_options,
        "socket_timeout": WORKER_BROKER_SOCKET_TIMEOUT,
        "socket_connect_timeout": 2,
    }


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_to_work_without_a_secret_key(**kwargs) -> None:
    from core.checks import require_secret_key  # reads settings: only once Django is set up

    require_secret_key()


# Periodic work. Each app's tasks module defines the task; the schedule is kept in one place.
app.conf.beat_schedule = {
    "tests-close-overdue-attempts": {
        "task": "tests_app.tasks.close_overdue_attempts",
        "schedule": 15.0,
    },
    # The webhook outbox: queue deliveries no task holds (broker or worker was down), purge old payloads.
    "webhooks-sweep-due-deliveries": {
        "task": "webhooks.tasks.sweep_due_deliveries",
        "schedule": 15.0,
    },
    # Idempotency-Key records live 24 hours.
    "onef-api-purge-idempotency-keys": {
        "task": "onef_api.tasks.purge_idempotency_keys",
        "schedule": 3600.0,
    },
    # Candidates rejected or inactive for CANDIDATE_RETENTION_DAYS are anonymised (0 turns it off).
    "backoffice-anonymize-retained-candidates": {
        "task": "backoffice.tasks.anonymize_retained_candidates",
        "schedule": 3600.0,
    },
    # hh.ru: the polling fallback behind the webhook, and the stage changes still to send back.
    "job-boards-poll-hh": {
        "task": "job_boards.tasks.poll_vacancies",
        "schedule": 60.0,  # each linked vacancy is imported when HH_POLL_MINUTES have passed
    },
    "job-boards-sweep-hh-actions": {
        "task": "job_boards.tasks.sweep_actions",
        "schedule": 60.0,
    },
    "job-boards-sweep-hh-notifications": {
        "task": "job_boards.tasks.sweep_notifications",
        "schedule": 60.0,  # notifications hh.ru could not be asked about yet are tried again for a day
    },
    "webhooks-purge-delivered-payloads": {
        "task": "webhooks.tasks.purge_delivered_payloads",
        "schedule": 3600.0,
    },
    "messaging-sweep-queued-messages": {
        "task": "messaging.tasks.sweep_queued_messages",
        "schedule": 60.0,
    },
    # Webhook mode: chats whose stored updates wait with no worker on them (a lost task, a dead worker).
    "messaging-sweep-inbox": {
        "task": "messaging.tasks.sweep_inbox",
        "schedule": 15.0,
    },
    # Candidate messages held over quiet hours go out once their morning comes.
    "messaging-send-due-scheduled-messages": {
        "task": "messaging.tasks.send_due_scheduled_messages",
        "schedule": 60.0,
    },
    # EMAIL_INBOUND_MODE=imap: the inbound mailbox, every EMAIL_IMAP_POLL_SECONDS (the task spaces them).
    "messaging-poll-email-inbox": {
        "task": "messaging.tasks.poll_email_inbox",
        "schedule": 15.0,
    },
    # Interviewers' CalDAV calendars into busy times (each when BOOKING_CALDAV_SYNC_MINUTES have passed).
    "interviews-sync-calendars": {
        "task": "interviews.tasks.sync_calendars",
        "schedule": 60.0,
    },
    # Interview reminders two hours before (each interview once).
    "interviews-send-reminders": {
        "task": "interviews.tasks.send_interview_reminders",
        "schedule": 300.0,
    },
    # Probable duplicates among all candidates (registration and each stored CV check their own at once).
    "candidates-find-duplicates": {
        "task": "candidates.duplicate_tasks.find_duplicates",
        "schedule": 86400.0,
    },
    # Automation: rule runs whose task was lost (or whose delay is over), and the stage SLA notices.
    "automation-execute-due-rule-runs": {
        "task": "automation.tasks.execute_due_rule_runs",
        "schedule": 60.0,
    },
    "automation-notify-sla-overdue": {
        "task": "automation.tasks.notify_sla_overdue",
        "schedule": 3600.0,
    },
}


@signals.task_prerun.connect
@signals.task_postrun.connect
def _recycle_database_connections(task=None, **kwargs) -> None:
    """What Django does around each request: drop broken or expired connections, keep good ones."""
    if task is not None and getattr(task.request, "is_eager", False):
        return  # run in the caller's process (tests): its connection and transaction are not ours
    from django.db import close_old_connections  # needs the settings: only once Django is set up

    close_old_connections()
