import pytest
from django.conf import settings


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
