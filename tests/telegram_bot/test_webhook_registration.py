"""Registering the webhook: `run_telegram_bot` in webhook mode (compose's `bot` service) sets it with the
secret and the update types, registers the menu and keeps the webhook registered; `telegram_webhook
set|delete|info` does it by hand; the poller deletes it when the bot goes back to polling."""

import asyncio
import logging
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from telegram_bot.webhook.registration import serve_webhook, webhook_bot
from tests.fake_telegram import TOKEN
from tests.telegram_bot.conftest import WEBHOOK_SECRET, BotRunner

WEBHOOK_URL = "https://bot.example.com/telegram/webhook/"


class WebhookProcess:
    """`serve_webhook` on its own event loop in a thread, as `run_telegram_bot` runs it."""

    def __init__(self, check_every: float) -> None:
        self.check_every = check_every
        self._ready = threading.Event()
        self.error: BaseException | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self._ready.wait(15), f"the webhook process did not start: {self.error!r}"

    def _run(self) -> None:
        async def main() -> None:
            self._loop, self._stop, ready = asyncio.get_running_loop(), asyncio.Event(), asyncio.Event()
            task = asyncio.create_task(
                serve_webhook(webhook_bot(), self._stop, check_every=self.check_every, ready=ready)
            )
            await asyncio.wait({task, asyncio.create_task(ready.wait())}, return_when=asyncio.FIRST_COMPLETED)
            self._ready.set()
            await task

        try:
            asyncio.run(main())
        except BaseException as error:
            self.error = error
            self._ready.set()

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)
        assert not self._thread.is_alive()


@pytest.fixture
def webhook_on(webhook_settings, telegram_settings, fake_telegram):
    webhook_settings.TELEGRAM_WEBHOOK_URL = WEBHOOK_URL
    return fake_telegram


def test_the_bot_process_registers_the_webhook_with_the_secret_and_the_menu_and_polls_nothing(webhook_on):
    fake = webhook_on
    process = WebhookProcess(check_every=60)
    process.start()
    process.stop()

    assert process.error is None
    (registration,) = fake.sent("setWebhook")
    assert registration.params["url"] == WEBHOOK_URL
    assert registration.params["secret_token"] == WEBHOOK_SECRET
    assert registration.params["allowed_updates"] == ["message", "callback_query"]
    assert {call.params.get("language_code") for call in fake.sent("setMyCommands")} >= {"ru", "en"}
    assert not fake.sent("getUpdates")
    assert not fake.sent("deleteWebhook")  # stopping leaves the webhook for the next process


def test_a_webhook_removed_or_failing_at_telegram_is_registered_again_and_the_error_logged(
    webhook_on, caplog
):
    fake = webhook_on
    process = WebhookProcess(check_every=0.05)
    process.start()
    with caplog.at_level(logging.WARNING, logger="telegram_bot.webhook.registration"):
        with fake._condition:
            fake.webhook = {}
            fake.webhook_last_error = (
                1_800_000_000,
                "Wrong response from the webhook: 503 Service Unavailable",
            )
        fake.wait_for(lambda: len([c for c in fake.calls if c.method == "setWebhook"]) == 2)
        deadline = time.monotonic() + 5
        while "503 Service Unavailable" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
    process.stop()

    assert fake.webhook["url"] == WEBHOOK_URL
    assert "registering it again" in caplog.text
    assert "Telegram could not deliver an update to the webhook" in caplog.text
    assert "503 Service Unavailable" in caplog.text


def test_the_command_sets_shows_and_deletes_the_webhook(webhook_on, capsys):
    fake = webhook_on

    call_command("telegram_webhook", "set")
    assert fake.webhook["url"] == WEBHOOK_URL and fake.webhook["secret_token"] == WEBHOOK_SECRET
    assert f"url: {WEBHOOK_URL}" in capsys.readouterr().out
    assert fake.sent("setMyCommands")

    fake.webhook_last_error = (1_800_000_000, "Connection refused")
    call_command("telegram_webhook", "info")
    shown = capsys.readouterr().out
    assert "pending updates at Telegram: 0" in shown
    assert "allowed updates: message, callback_query" in shown
    assert "Connection refused" in shown

    call_command("telegram_webhook", "delete", "--drop-pending-updates")
    assert fake.webhook == {}
    assert fake.sent("deleteWebhook")[0].params["drop_pending_updates"] in (True, "true", "True")
    assert "url: (none: polling)" in capsys.readouterr().out


def test_the_command_refuses_to_set_a_webhook_the_web_would_refuse(telegram_settings):
    telegram_settings.TELEGRAM_MODE = "polling"
    with pytest.raises(CommandError, match="TELEGRAM_MODE is not webhook"):
        call_command("telegram_webhook", "set")


def test_a_url_telegram_refuses_is_reported(webhook_settings, webhook_on):
    webhook_settings.TELEGRAM_WEBHOOK_URL = "ftp://bot.example.com/hook"
    with pytest.raises(CommandError, match=r"(?i)telegram refused set: bad webhook: invalid url"):
        call_command("telegram_webhook", "set")


def test_going_back_to_polling_deletes_the_webhook(transactional_db, telegram_settings, fake_telegram):
    fake_telegram.webhook = {"url": WEBHOOK_URL}
    runner = BotRunner(fake_telegram.base_url)
    runner.start()
    fake_telegram.wait_for(lambda: fake_telegram.sent("getUpdates"))
    runner.stop()
    assert runner.error is None
    assert fake_telegram.webhook == {}


def test_run_telegram_bot_in_webhook_mode_stays_up_without_the_poller_lock_until_sigterm(
    fake_telegram, tmp_path
):
    env = {
        **os.environ,
        "DEBUG": "true",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": fake_telegram.base_url,
        "TELEGRAM_MODE": "webhook",
        "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "TELEGRAM_WEBHOOK_URL": WEBHOOK_URL,
        "VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("PYTEST_VERSION", None)
    bots = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_telegram_bot", "--if-configured"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)  # behind a balancer any number may run: they all keep the same webhook
    ]
    try:
        fake_telegram.wait_for(lambda: len(fake_telegram.sent("setMyCommands")) >= 2 * 5, timeout=30)
        time.sleep(0.5)
        assert all(bot.poll() is None for bot in bots)
    finally:
        for bot in bots:
            bot.send_signal(signal.SIGTERM)
    outputs = [bot.communicate(timeout=20)[0] for bot in bots]

    assert [bot.returncode for bot in bots] == [0, 0], outputs
    assert all("The Telegram bot stopped." in output for output in outputs)
    assert len(fake_telegram.sent("setWebhook")) == 2
    assert not fake_telegram.sent("getUpdates")
