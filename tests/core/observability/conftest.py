import io
import json
import logging.config

import pytest
from django.conf import settings as django_settings

from core.observability.logging import logging_config


class CapturedLogs:
    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def records(self) -> list[dict]:
        """Every line must be one JSON object: a line that is not fails the test here."""
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]


def _capture(log_format: str):
    stream = io.StringIO()
    config = logging_config(level="DEBUG", log_format=log_format)
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    return CapturedLogs(stream)


@pytest.fixture
def json_logs():
    """The project's real logging configuration with LOG_FORMAT=json at DEBUG, written to a buffer."""
    yield _capture("json")
    logging.config.dictConfig(django_settings.LOGGING)


@pytest.fixture
def plain_logs():
    yield _capture("plain")
    logging.config.dictConfig(django_settings.LOGGING)
