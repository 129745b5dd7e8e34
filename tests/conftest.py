import pytest
from django.conf import settings


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


@pytest.fixture
def redis_url() -> str:
    """The real Redis of DATABASE-backed integration tests; skips the test when none is configured."""
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: this integration test needs a real Redis")
    return settings.REDIS_URL
