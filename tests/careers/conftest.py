import pytest
from pytest_httpserver import HTTPServer

TOKEN = "123456:TEST-token"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _local_cache(local_cache):
    """The rate-limit counters and the bot's cached username live in this test's own cache."""


@pytest.fixture
def bot_api(httpserver: HTTPServer, settings) -> HTTPServer:
    """A local Bot API answering getMe (TELEGRAM_API_BASE_URL points at it)."""
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_API_BASE_URL = httpserver.url_for("").rstrip("/")
    httpserver.expect_request(f"/bot{TOKEN}/getMe").respond_with_json(
        {
            "ok": True,
            "result": {"id": 123456, "is_bot": True, "first_name": "Jobs", "username": "jobs_test_bot"},
        }
    )
    return httpserver


@pytest.fixture
def onef_receiver(httpserver: HTTPServer, settings) -> HTTPServer:
    """The default webhook endpoint (ONEF_WEBHOOK_URL) at a real local HTTP server."""
    settings.ONEF_WEBHOOK_URL = httpserver.url_for("/onef/webhook")
    return httpserver
