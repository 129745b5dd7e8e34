import asyncio
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from messaging import rate_limits
from recruitment.celery import app as celery_app
from tests.fake_telegram import TOKEN, FakeTelegram, start_server
from tests.mail_server import email_settings, smtp_server  # noqa: F401  (fixtures every area uses)


def pytest_sessionstart(session):
    """Build missing or stale .mo catalogues (as `make messages` does), so a bare `pytest` translates."""
    for po in Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        if shutil.which("msgfmt") is None:
            pytest.exit("msgfmt is missing: install Debian's gettext to compile the translations", 2)
        subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a test database in a file rather than Django's shared in-memory one.

    With an in-memory database the live server's threads and the test share one connection object,
    so two requests at once (a page's beacon and its reloaded page's first save) or a request and
    the test's own query run inside each other's transactions. A file gives every thread its own
    connection, and SQLite's locking orders them, as PostgreSQL's connections are ordered in CI.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploaded files (CVs) go to a temporary folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create users (staff of the admin, API and back-office tests, HR of the notifications);
    the production hasher would spend most of the suite's time stretching their passwords, and no
    test is about the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def redis_url() -> str:
    """The real Redis of DATABASE-backed integration tests; skips the test when none is configured."""
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: this integration test needs a real Redis")
    return settings.REDIS_URL


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a request or a test that activated another
    one (LocaleMiddleware leaves it active in the thread) must not change what the next test reads."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def local_cache(settings):
    """A cache of this test's own: the rate-limit counters, the bot's cached username and the
    Telegram sending limits, claims and sent markers start empty and go away with the test."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def eager_celery():
    """Tasks enqueued after commit (the AI screening, the webhook delivery) run in place instead of
    going to a broker."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def fake_telegram():
    """The fake Bot API server (tests/fake_telegram.py), started for this test."""
    fake = FakeTelegram()
    server = start_server(fake)
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def telegram_settings(settings, fake_telegram):
    """The bot token and the Bot API address point at the fake server."""
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_API_BASE_URL = fake_telegram.base_url
    return settings


class FakeClock:
    """Time that moves only when a test moves it, or when the code under test sleeps."""

    def __init__(self, now: float = 1_800_000_000.25) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        """`sleep` for asyncio code (the bot's rate limiter): the time passes at once."""
        self.sleep(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def telegram_clock(monkeypatch) -> FakeClock:
    """The Telegram rate limiter (of the outbound sender and the bot's replies) reads and sleeps on this
    clock instead of the real one."""
    clock = FakeClock()
    monkeypatch.setattr(
        rate_limits, "limiter", rate_limits.TelegramRateLimiter(clock=clock, sleep=clock.sleep)
    )
    return clock
