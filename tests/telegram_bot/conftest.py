"""The real bot Application run against the fake Bot API (tests/fake_telegram.py), and a candidate's
chat with it."""

import asyncio
import json
import threading
import time

import pytest

from telegram_bot.rate_limiter import SharedRateLimiter
from telegram_bot.webhook import handling
from telegram_bot.worker import build_application, serve
from tests.fake_telegram import TOKEN, FakeTelegram, start_server


class BotRunner:
    """Runs the real Application with long polling in a thread, like `run_telegram_bot` does."""

    def __init__(self, base_url: str, rate_limiter: SharedRateLimiter | None = None) -> None:
        self.base_url = base_url
        self.rate_limiter = rate_limiter
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self.error: BaseException | None = None

    def start(self) -> None:
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._ready.wait(15):
            raise AssertionError(f"The bot did not start: {self.error!r}")

    def _run(self) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            ready = asyncio.Event()
            application = build_application(
                token=TOKEN, api_base_url=self.base_url, rate_limiter=self.rate_limiter
            )
            task = asyncio.create_task(serve(application, self._stop, poll_timeout=1, ready=ready))
            waiter = asyncio.create_task(ready.wait())
            await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
            self._ready.set()
            await task

        try:
            asyncio.run(main())
        except BaseException as error:
            self.error = error
            self._ready.set()

    def stop(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            return
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(20)
        assert not self._thread.is_alive(), "the bot did not stop"
        self._thread = None


@pytest.fixture
def bot(transactional_db, telegram_settings, fake_telegram, eager_celery, telegram_clock):
    """The bot, polling the fake server. Its replies wait for their slots on `telegram_clock`, whose
    time passes at once: the limits apply without making the tests wait for real seconds."""
    runner = BotRunner(fake_telegram.base_url, rate_limiter=SharedRateLimiter(sleep=telegram_clock.asleep))
    runner.start()
    yield runner
    runner.stop()
    assert runner.error is None, runner.error


class ChatScript:
    """One Telegram user talking to the bot through the fake server."""

    def __init__(self, fake: FakeTelegram, user_id: int, first_name: str = "Ann") -> None:
        self.fake = fake
        self.user_id = user_id
        self.user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}
        self._message_id = 0

    def _message(self, **fields) -> dict:
        self._message_id += 1
        return {
            "message_id": self._message_id,
            "date": int(time.time()),
            "chat": {"id": self.user_id, "type": "private", "first_name": self.user["first_name"]},
            "from": self.user,
            **fields,
        }

    def send(self, text: str) -> dict:
        fields = {"text": text}
        if text.startswith("/"):
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self.fake.push({"message": self._message(**fields)})

    def share_contact(
        self, phone: str, user_id: int | None = None, first_name: str = "Ann", last_name: str | None = None
    ) -> dict:
        contact = {"phone_number": phone, "first_name": first_name, "user_id": user_id or self.user_id}
        if last_name is not None:
            contact["last_name"] = last_name
        return self.fake.push({"message": self._message(contact=contact)})

    def share_contact_reply(self, phone: str, user_id: int | None = None) -> str:
        self.share_contact(phone, user_id=user_id)
        return self.reply().text

    def send_document(self, file_name: str, content: bytes, mime_type: str = "application/pdf") -> dict:
        file_id = f"file-{self.user_id}-{self._message_id + 1}"
        self.fake.add_file(file_id, f"documents/{file_id}-{file_name}", content)
        document = {
            "file_id": file_id,
            "file_unique_id": f"unique-{file_id}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        return self.fake.push({"message": self._message(document=document)})

    def tap(self, data: str, on_message_id: int = 1) -> dict:
        bot_message = {
            "message_id": on_message_id,
            "date": int(time.time()),
            "chat": {"id": self.user_id, "type": "private"},
            "from": {"id": 123456, "is_bot": True, "first_name": "Recruitment"},
            "text": "menu",
        }
        callback = {
            "id": f"cq-{self.user_id}-{time.monotonic_ns()}",
            "from": self.user,
            "chat_instance": f"ci-{self.user_id}",
            "message": bot_message,
            "data": data,
        }
        return self.fake.push({"callback_query": callback})

    def replies(self, count: int = 1):
        """The next `count` messages the bot sent (or edited) in this chat."""
        return self.fake.wait_for_calls(count)

    def reply(self):
        return self.replies(1)[0]

    def say(self, text: str):
        self.send(text)
        return self.reply()

    def quiet(self) -> None:
        """Assert the previous updates made the bot say nothing: /help is answered next, in order."""
        self.send("/help")
        assert self.reply().text.startswith("/start")


@pytest.fixture
def chat(fake_telegram):
    return ChatScript(fake_telegram, user_id=777001)


# --- Webhook mode (TELEGRAM_MODE=webhook) ---------------------------------------------------------

WEBHOOK_SECRET = "test-webhook-secret_0123"
WEBHOOK_PATH = "/telegram/webhook/"


class WebhookTelegram(FakeTelegram):
    """The fake Bot API with a webhook set: an update a test pushes is posted to the webhook at once,
    as Telegram does, instead of waiting for a getUpdates. `answers` keeps each HTTP status."""

    def __init__(self, post) -> None:
        super().__init__()
        self._post = post
        self.answers: list[int] = []
        self.held: list[dict] | None = None  # a list: updates wait there until `post_held`

    def push(self, update_body: dict) -> dict:
        with self._condition:
            self._next_update_id += 1
            update = {"update_id": self._next_update_id, **update_body}
        if self.held is not None:
            self.held.append(update)
        else:
            self.answers.append(self._post(update))
        return update

    def post_held(self, order: list[dict]) -> None:
        """Post the held updates in `order` (Telegram's parallel connections deliver out of order)."""
        self.held = None
        for update in order:
            self.answers.append(self._post(update))


@pytest.fixture
def webhook_settings(settings):
    settings.TELEGRAM_MODE = "webhook"
    settings.TELEGRAM_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.TELEGRAM_WEBHOOK_URL = "https://bot.example.com/telegram/webhook/"
    return settings


@pytest.fixture
def webhook_post(client):
    """Post an update to the webhook as Telegram does (with the secret); returns the HTTP status."""

    def post(update: dict, secret: str | None = WEBHOOK_SECRET) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        body = json.dumps(update)
        return client.post(
            WEBHOOK_PATH, data=body, content_type="application/json", headers=headers
        ).status_code

    return post


@pytest.fixture
def webhook_telegram(webhook_settings, webhook_post):
    """The fake Bot API, with the bot's token and address pointing at it and its webhook on ours."""
    fake = WebhookTelegram(webhook_post)
    server = start_server(fake)
    webhook_settings.TELEGRAM_BOT_TOKEN = TOKEN
    webhook_settings.TELEGRAM_API_BASE_URL = fake.base_url
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def webhook_bot(transactional_db, webhook_telegram, eager_celery, telegram_clock):
    """Webhook mode with the Celery tasks run in place: a posted update is stored, committed and
    handled by its task before the post returns. The worker's replies wait on `telegram_clock`."""
    handling.worker_bot(rate_limiter=SharedRateLimiter(sleep=telegram_clock.asleep))
    yield webhook_telegram
    handling.worker_bot_close()


@pytest.fixture
def webhook_chat(webhook_telegram):
    return ChatScript(webhook_telegram, user_id=777001)
