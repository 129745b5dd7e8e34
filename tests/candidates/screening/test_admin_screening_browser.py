"""The progress page in a real browser: it polls the JSON endpoint and shows the job's progress."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from candidates.screening.jobs import JobStatus, screening_job_start, screening_job_update
from tests.factories import UserFactory

CHROMIUM = "/usr/bin/chromium"

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.candidates.screening.admin_urls")]


@pytest.fixture
def page(transactional_db, live_server):
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is missing")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls here are sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_the_progress_page_follows_the_job_until_it_finishes(page, live_server, client, transactional_db):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    job_id = screening_job_start(candidate_ids=["a", "b", "c"])

    page.goto(f"{live_server.url}/admin/candidates/candidate/screening/{job_id}/")
    assert page.text_content("#screening-total") == "3"
    assert page.text_content("#screening-done") == "0"

    screening_job_update(job_id=job_id, status=JobStatus.RUNNING, done=1)
    page.wait_for_function("document.getElementById('screening-done').textContent === '1'", timeout=10_000)
    screening_job_update(
        job_id=job_id,
        status=JobStatus.FINISHED,
        done=3,
        failure={"id": "c", "name": "Carla Test", "reason": "No rating: the candidate has no CV."},
    )
    page.wait_for_function(
        "document.getElementById('screening-status').textContent === 'finished'", timeout=10_000
    )

    assert page.text_content("#screening-done") == "3"
    assert page.text_content("#screening-failed") == "1"
    assert page.is_visible("#screening-failures")
    assert "Carla Test" in page.text_content("#screening-failures")
