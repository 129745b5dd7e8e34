"""The progress page in a real browser: it polls the JSON endpoint and shows the job's progress."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from candidates.screening.job_progress import JobStatus, screening_job_update
from candidates.screening.jobs import screening_job_start
from tests.browser import chromium
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def page(transactional_db, live_server):
    with chromium() as browser:
        yield browser.new_page()


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
    # Not wait_for_function: Playwright evaluates its string with eval(), which the CSP refuses.
    expect(page.locator("#screening-done")).to_have_text("1", timeout=10_000)
    screening_job_update(
        job_id=job_id,
        status=JobStatus.FINISHED,
        done=3,
        failure={"id": "c", "name": "Carla Test", "reason": "No rating: the candidate has no CV."},
    )
    expect(page.locator("#screening-status")).to_have_text("finished", timeout=10_000)

    assert page.text_content("#screening-done") == "3"
    assert page.text_content("#screening-failed") == "1"
    assert page.is_visible("#screening-failures")
    assert "Carla Test" in page.text_content("#screening-failures")
