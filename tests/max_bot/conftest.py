"""The MAX bot against the fake MAX Bot API (tests/fake_max.py): a `Bot` polls it like run_max_bot does."""

from dataclasses import dataclass

import pytest

from max_bot.poller import poll_once
from messaging.max_api import MaxClient
from tests.fake_max import TOKEN, FakeMax, running_fake_max


@pytest.fixture
def onef_receiver(httpserver, settings):
    """OneF's webhook endpoint (ONEF_WEBHOOK_URL) at a real local HTTP server."""
    settings.ONEF_WEBHOOK_URL = httpserver.url_for("/onef/webhook")
    return httpserver


@pytest.fixture
def fake_max(settings):
    with running_fake_max() as fake:
        settings.MAX_BOT_TOKEN = TOKEN
        settings.MAX_API_URL = fake.base_url
        yield fake


@dataclass
class Bot:
    """One long-polling step at a time: fetch (GET /updates with the marker), store, handle."""

    fake: FakeMax
    client: MaxClient
    marker: int | None = None

    def step(self) -> None:
        """Handle everything the user did so far."""
        while self.fake.pending():
            ok, self.marker = poll_once(self.client, self.marker, timeout=0)
            assert ok

    def last_text(self, chat_id: int) -> str:
        return self.fake.sent(chat_id=chat_id)[-1].text


@pytest.fixture
def bot(fake_max) -> Bot:
    return Bot(fake_max, MaxClient())
