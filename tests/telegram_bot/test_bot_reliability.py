import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings

from candidates.models import Candidate
from messaging import signals
from messaging.models import Message, MessageDirection
from telegram_bot.lock import FilePollerLock
from tests.factories import CandidateFactory, VacancyFactory
from tests.fake_telegram import TOKEN
from tests.telegram_bot.conftest import BotRunner

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def received():
    messages = []

    def receiver(sender, message, **kwargs):
        messages.append(message)

    signals.message_received.connect(receiver, weak=False)
    yield messages
    signals.message_received.disconnect(receiver)


def test_free_text_becomes_an_unread_inbound_message_with_one_note_that_hr_will_answer(bot, chat, received):
    candidate = CandidateFactory(telegram_id=chat.user_id)
    first = chat.send("Hello, when is the interview?")
    assert "passed to our HR team" in chat.reply().text

    chat.send("Also, can I bring my dog?")
    chat.quiet()  # no second note

    inbound = list(Message.objects.filter(candidate=candidate, direction=MessageDirection.INBOUND))
    assert [m.text for m in inbound] == ["Hello, when is the interview?", "Also, can I bring my dog?"]
    assert all(not m.is_read for m in inbound)
    assert (inbound[0].telegram_chat_id, inbound[0].telegram_message_id) == (
        chat.user_id,
        first["message"]["message_id"],
    )
    assert [m.pk for m in received] == [m.pk for m in inbound]


def test_a_replay_after_a_worker_restart_is_stored_once(
    transactional_db, telegram_settings, fake_telegram, chat
):
    candidate = CandidateFactory(telegram_id=chat.user_id)
    first_worker = BotRunner(fake_telegram.base_url)
    first_worker.start()
    update = chat.send("Is the position remote?")
    chat.reply()
    first_worker.stop()

    # The new worker is handed the update again, as Telegram does when it was not confirmed.
    fake_telegram.replay(update)
    second_worker = BotRunner(fake_telegram.base_url)
    second_worker.start()
    try:
        chat.quiet()
    finally:
        second_worker.stop()
    assert fake_telegram.delivered.count(update["update_id"]) == 2
    assert Message.objects.filter(candidate=candidate, direction=MessageDirection.INBOUND).count() == 1


def test_the_conversation_survives_a_worker_restart(
    transactional_db, telegram_settings, fake_telegram, chat, eager_celery
):
    worker = BotRunner(fake_telegram.base_url)
    worker.start()
    chat.say("/start")
    chat.say("+49 151 23456789")
    worker.stop()

    worker = BotRunner(fake_telegram.base_url)
    worker.start()
    try:
        assert "last name" in chat.say("Ann").text
        assert "email" in chat.say("Smith").text
        chat.say("ann@example.com")
        assert "registered" in chat.say("01.02.1990").text
    finally:
        worker.stop()
    assert Candidate.objects.get(telegram_id=chat.user_id).fullname == "Ann Smith"


def test_a_handler_error_is_logged_with_the_update_id_and_answered_with_an_apology(
    bot, chat, fake_telegram, caplog
):
    fake_telegram.failing_methods.add("answerCallbackQuery")
    update = chat.tap("vacs:0")
    assert "something went wrong" in chat.reply().text
    assert f"Handling Telegram update {update['update_id']} failed" in caplog.text

    # The worker keeps running.
    fake_telegram.failing_methods.clear()
    chat.tap("vacs:0")
    assert "no open vacancies" in chat.reply().text


def test_a_cv_telegram_cannot_hand_out_gets_a_second_chance(bot, chat):
    candidate = CandidateFactory(telegram_id=chat.user_id)
    chat.tap(f"apply:{VacancyFactory().id}")
    chat.reply()
    document = {"file_id": "missing", "file_unique_id": "m", "file_name": "cv.pdf", "file_size": 10}
    chat.fake.push({"message": chat._message(document=document)})
    assert "could not download that file" in chat.reply().text

    chat.send_document("cv.pdf", b"%PDF-1.4 cv")
    assert "has been received" in chat.reply().text
    assert candidate.applications.count() == 1


def test_the_file_lock_lets_only_one_poller_run_per_token(tmp_path):
    first, second = FilePollerLock(tmp_path / "t.lock"), FilePollerLock(tmp_path / "t.lock")
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def _migrate(env: dict) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=settings.BASE_DIR, env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr


def test_the_command_polls_the_fake_server_refuses_a_second_poller_and_stops_on_sigterm(
    fake_telegram, tmp_path
):
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        # A file of its own, not the suite's PostgreSQL (nor the suite's pooler, when CI runs through one).
        "DATABASE_POOLER": "none",
        "DATABASE_DIRECT_URL": "",
        "VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "true",
    }
    _migrate(env)
    command = [sys.executable, "manage.py", "run_telegram_bot", "--poll-timeout", "1"]
    worker = subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        fake_telegram.wait_for(lambda: len(fake_telegram.sent("getUpdates")) >= 2, timeout=30)
        second = subprocess.run(
            command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
        )
        assert second.returncode != 0
        assert "already polling" in second.stderr

        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert "The Telegram bot stopped." in output
    assert [c.method for c in fake_telegram.calls[:2]] == ["getMe", "deleteWebhook"]


def test_the_command_without_a_token_says_the_bot_is_not_configured(settings):
    from django.core.management import CommandError, call_command

    settings.TELEGRAM_BOT_TOKEN = ""
    with pytest.raises(CommandError, match="not configured"):
        call_command("run_telegram_bot")


def test_a_slow_cv_download_in_one_chat_does_not_hold_up_another_chat(bot, chat, fake_telegram):
    from tests.telegram_bot.conftest import ChatScript

    other = ChatScript(fake_telegram, user_id=888002)
    candidate = CandidateFactory(telegram_id=chat.user_id)
    chat.tap(f"apply:{VacancyFactory().id}")
    chat.reply()

    fake_telegram.download_delay = 1.5
    chat.send_document("cv.pdf", b"%PDF-1.4 cv")
    fake_telegram.wait_for(lambda: len(fake_telegram.sent("getFile")) == 1)
    other.send("/help")
    first, second = fake_telegram.wait_for_calls(2)
    assert (int(first.params["chat_id"]), int(second.params["chat_id"])) == (other.user_id, chat.user_id)
    assert "has been received" in second.text
    assert candidate.applications.count() == 1


def test_the_redis_lock_lets_only_one_poller_run_per_token(settings, redis_url):
    from telegram_bot.lock import RedisPollerLock, poller_lock

    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url}}
    first = poller_lock("42:redis-lock-test")
    assert isinstance(first, RedisPollerLock)
    second = poller_lock("42:redis-lock-test")
    assert first.acquire()
    try:
        assert not second.acquire()
        assert first.renew()
        assert not second.renew()
    finally:
        first.release()
    assert second.acquire()
    second.release()


class _LockTakenOver:
    def acquire(self) -> bool:
        return True

    def renew(self) -> bool:
        return False

    def release(self) -> None:
        pass


def test_a_worker_that_loses_the_poller_lock_stops_with_an_error(telegram_settings, fake_telegram):
    import asyncio

    from telegram_bot.worker import LostPollerLock, build_application, serve

    async def run() -> None:
        application = build_application(token=TOKEN, api_base_url=fake_telegram.base_url)
        await serve(application, asyncio.Event(), lock=_LockTakenOver(), poll_timeout=1, renew_every=0.2)

    with pytest.raises(LostPollerLock):
        asyncio.run(asyncio.wait_for(run(), timeout=20))
    assert fake_telegram.sent("getUpdates")


def test_without_a_token_the_container_mode_idles_until_sigterm(tmp_path):
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "", "VAR_DIR": str(tmp_path / "var"), "DEBUG": "true"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_telegram_bot", "--if-configured"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert "not configured" in worker.stdout.readline()
        assert worker.poll() is None
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0
