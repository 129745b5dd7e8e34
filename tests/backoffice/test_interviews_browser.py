"""Browser: HR schedules an interview from the candidate page and finds it on the dashboard.

With UPDATE_SCREENSHOTS=1 it refreshes docs/screenshots/interview-*.png; otherwise they go to a
temporary folder so a test run leaves the tree clean.
"""

import datetime as dt
import os

import pytest
from django.conf import settings
from django.utils import timezone

from backoffice.permissions import hr_manager_group_sync
from interviews.models import Interview
from messaging.models import ScheduledMessage
from tests.browser import browser_context, chromium
from tests.factories import ApplicationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = settings.BASE_DIR / "docs" / "screenshots"


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def _axe_violations(page, context: str) -> str:
    """axe-core's WCAG 2.1 A/AA violations inside `context` (empty when none, or axe is absent)."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        return ""
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    results = Axe().run(page, context=context, options=options)
    return results.generate_report() if results.violations_count else ""


def test_hr_schedules_an_interview_and_sees_it_on_the_dashboard(browser, live_server, settings, tmp_path):
    settings.TIME_ZONE = "UTC"
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    hr = UserFactory(username="hr.anna", first_name="Anna", last_name="Berg", is_staff=True)
    hr.groups.add(hr_manager_group_sync())
    application = ApplicationFactory(
        candidate__name="Greta",
        candidate__surname="Lind",
        vacancy__name="Backend Developer (Python)",
        vacancy__scorecard_criteria="Python\nSystem design\nCommunication",
    )
    # Later today (UTC), but at least a few minutes from now.
    now = timezone.now()
    starts = max(now + dt.timedelta(minutes=10), now.replace(hour=22, minute=0, second=0, microsecond=0))
    if starts.date() != now.date():
        pytest.skip("too close to midnight UTC for a 'today' interview")

    with browser_context(browser, live_server, viewport={"width": 1440, "height": 1000}) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "hr.anna")
        page.fill("input[name=password]", "password")
        page.click("input[type=submit]")
        page.wait_for_selector("#hr-dashboard")

        page.goto(
            f"{live_server.url}/admin/candidates/candidate/{application.candidate_id}/change/#interviews"
        )
        page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
        page.fill("#id_duration_minutes", "45")
        page.select_option("#id_format", "video")
        page.fill("#id_location", "https://meet.example.com/greta")
        page.select_option("#id_interviewers", [str(hr.pk)])
        page.locator("#interviews").screenshot(path=str(folder / "interview-schedule.png"))
        page.click("#interview-schedule")

        page.wait_for_selector("#interviews .interview-row")
        assert "Scheduled" in page.inner_text("#interviews .interview-row")
        assert "interview scheduled" in page.inner_text(".messagelist").lower()
        assert _axe_violations(page, "#interviews") == ""
        page.locator("#interviews").screenshot(path=str(folder / "interview-candidate-page.png"))

        page.goto(f"{live_server.url}/admin/")
        today = page.inner_text("#hr-interviews-today")
        assert "Greta Lind" in today and starts.strftime("%H:%M") in today
        assert _axe_violations(page, "#hr-interviews-today") == ""
        page.screenshot(path=str(folder / "interview-dashboard.png"), full_page=True)

    interview = Interview.objects.get()
    assert list(interview.interviewers.all()) == [hr]
    assert ScheduledMessage.objects.filter(reason=f"interview:{interview.pk}:scheduled").exists()
