"""The test pages in Russian in headless Chromium: by the browser's language and by the candidate's,
with times in the browser's time zone and the script's texts translated."""

import os
import zoneinfo
from pathlib import Path

import pytest
from django.utils import timezone

from tests.axe import assert_accessible
from tests.browser import chromium
from tests.factories import AttemptFactory, CandidateFactory

# A small phone; `UPDATE_SCREENSHOTS=1` writes the Russian landing page to docs/screenshots/.
PHONE = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def new_page(browser, *, locale: str, timezone_id: str = "UTC"):
    context = browser.new_context(**PHONE, locale=locale, timezone_id=timezone_id)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def test_a_russian_browser_gets_the_test_in_russian_with_moscow_times(
    live_server, browser, sample_test, tmp_path
):
    attempt = AttemptFactory(test=sample_test.test, candidate=CandidateFactory(language=""))
    context, page = new_page(browser, locale="ru-RU", timezone_id="Europe/Moscow")
    try:
        page.goto(f"{live_server.url}/t/{attempt.token}/")
        assert page.locator("html").get_attribute("lang") == "ru"
        assert page.get_by_test_id("duration").inner_text() == "30 минут"
        moscow = timezone.localtime(attempt.expires_at, zoneinfo.ZoneInfo("Europe/Moscow"))
        expiry = page.locator(".expires time").inner_text()
        assert expiry.endswith("(Europe/Moscow)") and moscow.strftime("%H:%M") in expiry, expiry
        assert_accessible(page)
        target = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
        page.screenshot(path=str(target / "test-landing-ru.png"))

        page.get_by_role("button", name="Начать тест").click()
        page.wait_for_selector("#test-form[data-ready='true']")  # the deferred scripts ran
        assert page.locator("#save-state").inner_text() == "Все ответы сохранены"
        attempt.refresh_from_db()
        deadline = timezone.localtime(attempt.deadline, zoneinfo.ZoneInfo("Europe/Moscow"))
        # The sentence says "ends at": the time alone, not a date ("Завершится в 23:31 (Europe/Moscow)").
        assert page.locator(".deadline time").inner_text() == f"{deadline:%H:%M} (Europe/Moscow)"
        page.get_by_label("def").check()
        question = page.locator(f"#q-{sample_test.single.id} .question-state")
        question.filter(has_text="Сохранено").wait_for()
        assert_accessible(page)
    finally:
        context.close()


def test_the_candidates_language_wins_and_the_switcher_changes_it(live_server, browser, sample_test):
    candidate = CandidateFactory(language="ru")
    attempt = AttemptFactory(test=sample_test.test, candidate=candidate)
    context, page = new_page(browser, locale="en-US")
    try:
        page.goto(f"{live_server.url}/t/{attempt.token}/")
        assert page.get_by_role("heading", level=2).inner_text() == "Перед началом"

        page.get_by_role("button", name="English").click()
        page.get_by_role("button", name="Start the test").wait_for()
        candidate.refresh_from_db()
        assert candidate.language == "en"
    finally:
        context.close()
