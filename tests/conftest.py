import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings


def pytest_sessionstart(session):
    """Build missing or stale .mo catalogues (as `make messages` does), so a bare `pytest` translates."""
    for po in Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        if shutil.which("msgfmt") is None:
            pytest.exit("msgfmt is missing: install Debian's gettext to compile the translations", 2)
        subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)


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
