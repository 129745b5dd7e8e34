"""The request id across Celery: published in the task's headers, adopted by the worker.

`before_task_publish` adds the current request id to the message headers; `task_prerun` makes it
the worker's current id for the task's run (a task published without one, by beat for instance,
gets a fresh id so its own log lines still group), and `task_postrun` restores the previous one.
Tasks run eagerly in the caller's process keep the caller's id unless headers carry another.
"""

import logging
import logging.config

from celery import signals

from core.observability.request_id import (
    get_request_id,
    is_well_formed,
    new_request_id,
    reset_request_id,
    set_request_id,
)

HEADER = "request_id"
_TOKEN_ATTRIBUTE = "_request_id_token"


def header_request_id(request) -> str | None:
    """The id a task was published with: a message header (worker) or `headers=` (apply)."""
    value = getattr(request, HEADER, None) or (getattr(request, "headers", None) or {}).get(HEADER)
    return value if is_well_formed(value) else None


@signals.before_task_publish.connect(weak=False, dispatch_uid="request_id_publish")
def add_request_id_header(headers=None, **kwargs) -> None:
    request_id = get_request_id()
    if headers is not None and request_id and not headers.get(HEADER):
        headers[HEADER] = request_id


@signals.task_prerun.connect(weak=False, dispatch_uid="request_id_prerun")
def adopt_request_id(task=None, **kwargs) -> None:
    if task is None:
        return
    request_id = header_request_id(task.request)
    if request_id is None:
        if getattr(task.request, "is_eager", False):
            return  # runs inside the caller: its id is already current
        request_id = new_request_id()
    setattr(task.request, _TOKEN_ATTRIBUTE, set_request_id(request_id))


@signals.task_postrun.connect(weak=False, dispatch_uid="request_id_postrun")
def restore_request_id(task=None, **kwargs) -> None:
    token = getattr(task.request, _TOKEN_ATTRIBUTE, None) if task is not None else None
    if token is not None:
        setattr(task.request, _TOKEN_ATTRIBUTE, None)
        reset_request_id(token)


@signals.setup_logging.connect(weak=False, dispatch_uid="django_logging_for_celery")
def use_django_logging(**kwargs) -> None:
    """The worker and beat log like the web process (format, request ids, redaction)."""
    from django.conf import settings  # read when the signal fires, after Django is set up

    logging.config.dictConfig(settings.LOGGING)
