"""The request id in Celery task headers: published with the task, adopted by the worker."""

import logging
import logging.config

from celery import shared_task
from django.conf import settings
from kombu import Connection

from core.observability.celery import HEADER
from core.observability.request_id import get_request_id, reset_request_id, set_request_id

seen: list[str | None] = []


@shared_task(name="tests.observability.log_request_id")
def log_request_id() -> None:
    seen.append(get_request_id())
    logging.getLogger("tests.observability").info("inside the task")


def _published_headers(**options) -> dict:
    with Connection("memory://") as connection:
        queue = connection.SimpleQueue("request-id-test")
        log_request_id.apply_async(connection=connection, queue="request-id-test", **options)
        message = queue.get(timeout=2)
        message.ack()
        queue.close()
    return message.headers


def test_apply_async_publishes_the_current_request_id_in_the_headers():
    token = set_request_id("api-call-42")
    try:
        headers = _published_headers()
    finally:
        reset_request_id(token)

    assert headers[HEADER] == "api-call-42"


def test_a_task_published_outside_a_request_carries_no_id_header():
    assert HEADER not in _published_headers()


def test_an_explicit_header_is_not_overwritten():
    token = set_request_id("current")
    try:
        headers = _published_headers(headers={HEADER: "chosen"})
    finally:
        reset_request_id(token)

    assert headers[HEADER] == "chosen"


def test_the_worker_adopts_the_header_for_the_run_and_restores_after(json_logs):
    seen.clear()

    log_request_id.apply(headers={HEADER: "from-the-header"})

    assert seen == ["from-the-header"]
    assert get_request_id() is None
    line = next(r for r in json_logs.records() if r["message"] == "inside the task")
    assert line["request_id"] == "from-the-header"
    assert line["task_name"] == "tests.observability.log_request_id"


def test_an_eager_task_without_a_header_keeps_the_callers_id(eager_celery):
    seen.clear()
    token = set_request_id("caller")
    try:
        log_request_id.delay()
    finally:
        reset_request_id(token)

    assert seen == ["caller"]


def test_the_celery_worker_and_beat_log_through_the_projects_configuration():
    from celery import signals

    logging.getLogger().handlers.clear()
    try:
        signals.setup_logging.send(sender=None, loglevel="INFO", logfile=None, format="", colorize=False)
        handler = logging.getLogger().handlers[0]
        assert {type(f).__name__ for f in handler.filters} == {"TaskContextFilter", "RedactingFilter"}
    finally:
        logging.config.dictConfig(settings.LOGGING)
