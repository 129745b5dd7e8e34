"""The back-office in Russian in headless Chromium, checked by axe-core (WCAG 2.1 AA): the dashboard,
the candidate list and a candidate's page. With UPDATE_SCREENSHOTS=1 the Russian dashboard at
1440 px goes to docs/screenshots/admin-ru.png."""

import pytest

from automation.defaults import rejection_reasons_ensure_defaults
from backoffice.permissions import hr_manager_group_sync
from tests.axe import assert_accessible
from tests.backoffice.test_browser import hiring_data, screenshot_folder
from tests.browser import admin_page, browser_context, chromium
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def _signed_in_page(context, live_server):
    return admin_page(context, live_server, "hr.olga")


def test_the_russian_back_office_passes_axe(browser, live_server, settings, tmp_path):
    settings.TELEGRAM_BOT_TOKEN = ""
    hr_user = UserFactory(username="hr.olga", first_name="Ольга", is_staff=True)
    hr_user.groups.add(hr_manager_group_sync())
    candidate = hiring_data()["candidate"]
    options = {"viewport": {"width": 1440, "height": 1000}, "locale": "ru-RU"}
    with browser_context(browser, live_server, **options) as context:
        page = _signed_in_page(context, live_server)

        assert page.locator("html").get_attribute("lang") == "ru"
        assert "Воронка подбора" in page.inner_text("#hr-funnel")
        assert_accessible(page)
        folder = screenshot_folder(tmp_path) / "screenshots"
        folder.mkdir(exist_ok=True)
        page.screenshot(path=str(folder / "admin-ru.png"), full_page=True)

        page.goto(f"{live_server.url}/admin/candidates/candidate/")
        page.wait_for_selector("#result_list")
        assert "Назначен тест" in page.inner_text("#result_list")
        assert_accessible(page)

        page.goto(f"{live_server.url}/admin/candidates/candidate/{candidate.pk}/change/")
        page.wait_for_selector("#chat-thread")
        assert "Оценки" in page.inner_text("#grades")
        assert_accessible(page)

        # Lists edited in place (a checkbox and a number per row) and a page whose breadcrumbs
        # axe found told apart by colour only.
        rejection_reasons_ensure_defaults()
        page.goto(f"{live_server.url}/admin/automation/rejectionreason/")
        page.wait_for_selector("#result_list")
        assert page.locator("#id_form-0-is_active").get_attribute("aria-label").startswith("Активен: ")
        assert_accessible(page)
        page.goto(f"{live_server.url}/admin/messaging/statusnotification/")
        page.wait_for_selector("#content")
        assert_accessible(page)


def test_the_switcher_turns_the_back_office_english_for_this_user(browser, live_server):
    hr_user = UserFactory(username="hr.olga", is_staff=True)
    hr_user.groups.add(hr_manager_group_sync())
    with browser_context(browser, live_server, locale="ru-RU") as context:
        page = _signed_in_page(context, live_server)
        page.get_by_role("button", name="English").click()
        page.wait_for_selector("#hr-dashboard")

        assert page.locator("html").get_attribute("lang") == "en"
        assert "Recruitment funnel" in page.inner_text("#hr-funnel")
        assert_accessible(page)
    hr_user.backoffice_preference.refresh_from_db()
    assert hr_user.backoffice_preference.language == "en"
