"""The LOGGING setting: one stream handler, plain text or one JSON object per line (LOG_FORMAT).

Both formats carry the request id, and every record passes the redaction filter first, whichever
logger wrote it (Django, Celery, httpx, urllib3, python-telegram-bot, the project's own).
"""

import logging

from core.observability.redaction import RedactingFilter  # noqa: F401  (named in the config)
from core.observability.request_id import get_request_id

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"


class TaskContextFilter(logging.Filter):
    """Adds `request_id` ("-" when none) and, inside a Celery task, `task_id` and `task_name`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            # django.request logs 4xx/5xx after the middleware returned: its `request` has the id.
            from_request = getattr(getattr(record, "request", None), "request_id", None)
            record.request_id = from_request or get_request_id() or "-"
        try:
            from celery import current_task  # only inside a worker process

            task = current_task._get_current_object() if current_task else None
        except Exception:
            task = None
        if task is not None and getattr(task.request, "id", None) and not hasattr(record, "task_id"):
            record.task_id, record.task_name = task.request.id, task.name
        return True


def logging_config(*, level: str, log_format: str) -> dict:
    """A dictConfig for `level` (DEBUG, INFO, ...) and `log_format` (`plain` or `json`)."""
    formatters = {
        "plain": {"format": PLAIN_FORMAT},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            # Order matters: the context first, then redaction sees the final record.
            "context": {"()": "core.observability.logging.TaskContextFilter"},
            "redact": {"()": "core.observability.redaction.RedactingFilter"},
        },
        "formatters": formatters,
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["context", "redact"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "INFO"}},
    }
