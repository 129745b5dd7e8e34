"""The Celery application. Configuration lives in Django settings under the CELERY_ prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment.settings")

app = Celery("recruitment")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic work. Each app's tasks module defines the task; the schedule is kept in one place.
app.conf.beat_schedule = {
    "tests-close-overdue-attempts": {
        "task": "tests_app.tasks.close_overdue_attempts",
        "schedule": 15.0,
    },
}
app.conf.beat_schedule["messaging-sweep-queued-messages"] = {
    "task": "messaging.tasks.sweep_queued_messages",
    "schedule": 60.0,
}
