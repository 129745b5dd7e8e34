"""Celery's fixed settings (the ones read from the environment stay in settings.py)."""

__all__ = [
    "CELERY_ACCEPT_CONTENT",
    "CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP",
    "CELERY_DB_REUSE_MAX",
    "CELERY_RESULT_SERIALIZER",
    "CELERY_TASK_ACKS_LATE",
    "CELERY_TASK_IGNORE_RESULT",
    "CELERY_TASK_REJECT_ON_WORKER_LOST",
    "CELERY_TASK_SERIALIZER",
    "CELERY_WORKER_PREFETCH_MULTIPLIER",
]

# A task is acknowledged after it ran, and given back when its worker dies: nothing is lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fix-up closes the database connection around every task unless this is set, so
# every task would open a new PostgreSQL connection (tens of ms under load). recruitment/celery.py
# instead recycles connections per CONN_MAX_AGE and health checks, as Django does per request.
CELERY_DB_REUSE_MAX = 1_000_000
