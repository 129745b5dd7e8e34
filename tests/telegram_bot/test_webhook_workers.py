"""Webhook mode on two real Celery workers (Redis broker, PostgreSQL): each chat's updates are handled
in update order and exactly once, whichever worker takes which task, and an update whose worker died
in the middle of it is handled by another one after the sweep."""

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable

import pytest
import redis
from django.conf import settings
from django.db import connection

from candidates.models import Application, Candidate
from messaging import inbox
from messaging.models import InboxLease, Message, MessageDirection, TelegramUpdate
from recruitment.celery import app as celery_app
from tests.factories import CandidateFactory, VacancyFactory
from tests.fake_telegram import TOKEN
from tests.telegram_bot.conftest import WEBHOOK_SECRET, ChatScript

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOW = dt.timedelta(0)  # the sweep's "waited at least": the test does not wait the beat's 30 s
REGISTRATION_REPLIES = (
    "share your contact",
    "first name",
    "last name",
    "email",
    "date of birth",
    "registered",
)


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _route_inbox_tasks_to(queue: str | None) -> None:
    """The chats' tasks this test process queues go to the test's own queue (None: the default)."""
    celery_app.conf.task_routes = {"messaging.tasks.process_inbox_chat": {"queue": queue}} if queue else {}
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)  # built from the routes once, then cached


class Workers:
    """Celery worker processes on one queue of the test's own, with the bot in webhook mode."""

    def __init__(self, queue: str, env: dict[str, str]) -> None:
        self.queue, self.env = queue, env
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, **env: str) -> None:
        options = [
            *("-Q", self.queue, "-n", f"{name}@{self.queue}", "-P", "solo"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "recruitment", "worker", *options, "-l", "warning"],
            cwd=settings.BASE_DIR,
            env={**self.env, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def tasks_run(self) -> dict[str, int]:
        """How many tasks each worker has run."""
        names = [f"{name}@{self.queue}" for name in self.processes]
        stats = celery_app.control.inspect(destination=names, timeout=2).stats() or {}
        return {name: sum(stats.get(name, {}).get("total", {}).values()) for name in names}

    def stop_all(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def workers(redis_url, webhook_telegram, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker processes need a database they can open too (PostgreSQL)")
    queue = f"inbox-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": webhook_telegram.base_url,
        "TELEGRAM_MODE": "webhook",
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "true",
    }
    _route_inbox_tasks_to(queue)
    pool = Workers(queue, env)
    yield pool
    pool.stop_all()
    _route_inbox_tasks_to(None)
    broker = redis.Redis.from_url(redis_url)
    broker.delete(queue)
    broker.close()


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.2)


def _all_handled() -> bool:
    return not TelegramUpdate.objects.filter(handled_at=None).exists()


def _replies(fake, chat: ChatScript) -> list[str]:
    return [call.text for call in fake.sent("sendMessage", chat_id=chat.user_id)]


def _inbound_texts(user_id: int) -> list[str]:
    messages = Message.objects.filter(candidate__telegram_id=user_id, direction=MessageDirection.INBOUND)
    return list(messages.order_by("created_at", "id").values_list("text", flat=True))


def test_two_workers_keep_each_chat_s_order_and_handle_every_update_once(webhook_telegram, workers):
    fake = webhook_telegram
    registering = [ChatScript(fake, user_id=880_000 + n) for n in range(3)]
    writing = [ChatScript(fake, user_id=890_000 + n) for n in range(3)]
    for chat in writing:
        CandidateFactory(telegram_id=chat.user_id)
    names = ("Ann", "Bob", "Cleo")

    # A burst stored before any worker runs, posted out of order (as parallel connections deliver).
    fake.held = []
    for step in range(8):
        for n, chat in enumerate(registering):
            script = (
                "/start",
                f"+49 151 2345678{n}",
                names[n],
                "Smith",
                f"{names[n]}@example.com",
                "01.02.1990",
            )
            if step < len(script):
                chat.send(script[step])
        for chat in writing:
            chat.send(f"Message number {step}")
    burst = fake.held
    random.Random(30).shuffle(burst)
    fake.post_held(burst)
    assert fake.answers == [200] * len(burst)

    workers.start("first")
    workers.start("second")
    _wait_for(_all_handled, "the burst to be handled")
    # A reply goes out after the commit that marks its update handled.
    _wait_for(lambda: all(len(_replies(fake, chat)) >= 6 for chat in registering), "the registrations")
    # More while the workers run, interleaved across the chats.
    for step in range(8, 12):
        for chat in writing:
            chat.send(f"Message number {step}")
    _wait_for(_all_handled, "the live updates to be handled")

    for n, chat in enumerate(registering):
        replies = _replies(fake, chat)
        assert len(replies) == len(REGISTRATION_REPLIES), replies
        assert all(word in reply for word, reply in zip(REGISTRATION_REPLIES, replies, strict=True)), replies
        candidate = Candidate.objects.get(telegram_id=chat.user_id)
        assert (candidate.name, candidate.surname, candidate.email) == (
            names[n],
            "Smith",
            f"{names[n]}@example.com",
        )
    for chat in writing:
        assert _inbound_texts(chat.user_id) == [f"Message number {step}" for step in range(12)]
        assert len(fake.sent("sendMessage", chat_id=chat.user_id)) == 1  # the one "passed to HR" note
    assert TelegramUpdate.objects.count() == len(burst) + 12
    assert not InboxLease.objects.exists()
    assert all(count > 0 for count in workers.tasks_run().values())  # both workers took part


def test_an_update_whose_worker_died_is_handled_once_by_another_after_the_sweep(webhook_telegram, workers):
    fake = webhook_telegram
    chat = ChatScript(fake, user_id=870_001)
    candidate = CandidateFactory(telegram_id=chat.user_id)
    vacancy = VacancyFactory(name="Python Developer")
    fake.download_delay = 3  # the CV download: long enough to kill the worker in the middle of it
    workers.start("doomed", INBOX_LEASE_SECONDS="3")
    chat.tap(f"apply:{vacancy.id}")
    _wait_for(_all_handled, "the tap to be handled")

    update = chat.send_document("cv.pdf", PDF)
    _wait_for(lambda: fake.sent("getFile"), "the worker to ask for the file")
    workers.kill("doomed")

    row = TelegramUpdate.objects.get(update_id=update["update_id"])
    assert row.handled_at is None  # nothing of it was committed
    assert inbox.inbox_sweep(older_than=NOW) == 0  # the dead worker's lease has not expired yet
    workers.start("survivor", INBOX_LEASE_SECONDS="3")
    time.sleep(3.5)
    assert inbox.inbox_sweep(older_than=NOW) == 1
    _wait_for(lambda: any("has been received" in text for text in _replies(fake, chat)), "the reply")

    assert Application.objects.filter(candidate=candidate, vacancy=vacancy).count() == 1
    assert len([text for text in _replies(fake, chat) if "has been received" in text]) == 1
    assert TelegramUpdate.objects.get(update_id=update["update_id"]).handled_at is not None
    assert not InboxLease.objects.exists()
