"""The real bot Application run against the fake Bot API (tests/fake_telegram.py), and a candidate's
chat with it."""

import asyncio
import threading
import time

import pytest

from telegram_bot.rate_limiter import SharedRateLimiter
from telegram_bot.worker import build_application, serve
from tests.fake_telegram import TOKEN, FakeTelegram


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
