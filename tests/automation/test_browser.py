"""The rules admin, the board's automation header and the Reports page in headless Chromium, in
English and Russian, with axe on each. `UPDATE_SCREENSHOTS=1` refreshes docs/screenshots/."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from automation.defaults import rejection_reasons_ensure_defaults
from automation.models import AutomationRule, RejectionReason, VacancyPlan
from automation.services import rejection_record
from backoffice.permissions import hr_manager_group_sync
from candidates import services as candidate_services
from tests.automation.conftest import make_rule
from tests.axe import assert_accessible
from tests.browser import browser_context, chromium
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


@pytest.fixture
def hr(transactional_db):
    rejection_reasons_ensure_defaults()
    user = UserFactory(username="hr.olga", is_staff=True, is_superuser=False)
    user.groups.add(hr_manager_group_sync())
    return user


def _screenshot(page, name: str, tmp_path: Path) -> None:
    target = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / name), full_page=False)


def sign_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "hr.olga")
    page.fill("input[name=password]", "password")
    page.click("input[type=submit]")
    page.wait_for_selector("#content")


def _pipeline():
    vacancy = VacancyFactory(name="Python developer")
    VacancyPlan.objects.create(
        vacancy=vacancy, target_date=timezone.localdate() + dt.timedelta(days=20), sla_days=3
    )
    for index, source in enumerate(["telegram", "careers", "hh", "api", "telegram"]):
        ApplicationFactory(
            vacancy=vacancy,
            source=source,
            candidate__status="new",
            candidate__name=["Anna", "Boris", "Vera", "Gleb", "Daria"][index],
            applied_at=timezone.now() - dt.timedelta(days=index + 1),
        )
    rejected = vacancy.applications.get(candidate__name="Gleb")
    candidate_services.application_status_change(application=rejected, status="rejected")
    rejection_record(application=rejected, reason=RejectionReason.objects.get(code="salary"))
    return vacancy


@pytest.mark.parametrize(("language", "suffix"), [("en", ""), ("ru", "-ru")])
def test_the_rules_admin_and_the_board_header_are_accessible(
    browser, live_server, hr, tmp_path, language, suffix
):
    vacancy = _pipeline()
    make_rule(vacancy, name="Passed test → interview", delay_minutes=30)
    headers = {"Accept-Language": language}
    with browser_context(browser, live_server, locale=language, extra_http_headers=headers) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, live_server)
        page.goto(f"{live_server.url}/admin/automation/automationrule/add/?vacancy={vacancy.pk}")
        assert_accessible(page)
        page.select_option("#id_vacancy", str(vacancy.pk))
        page.fill("#id_name", "Loop back")
        page.select_option("#id_trigger_stage", "interview")
        page.select_option("#id_action", "decide_on_test")
        page.select_option("#id_pass_stage", "test_completed")
        page.click("input[name=_save]")
        page.wait_for_selector(".errornote")
        assert AutomationRule.objects.count() == 1  # the loop was refused
        assert_accessible(page)
        _screenshot(page, f"automation-rule-loop{suffix}.png", tmp_path)

        page.goto(f"{live_server.url}/admin/candidates/vacancy/{vacancy.pk}/board/")
        page.wait_for_selector("#board-rules")
        assert "Passed test → interview" in page.inner_text("#board-rules")
        assert page.locator(".board-sla").count() == 2  # Vera and Daria: 3 and 5 days in "new"
        assert_accessible(page)
        _screenshot(page, f"board-rules{suffix}.png", tmp_path)
        page.locator("#board-rules form button").first.click()
        page.wait_for_selector(".board-rule-paused")
        assert not AutomationRule.objects.get().is_active


@pytest.mark.parametrize(("language", "title"), [("en", "Time to fill"), ("ru", "Время закрытия вакансии")])
def test_the_reports_page_filters_exports_and_is_accessible(
    browser, live_server, hr, tmp_path, language, title
):
    vacancy = _pipeline()
    headers = {"Accept-Language": language}
    with browser_context(
        browser, live_server, locale=language, extra_http_headers=headers, accept_downloads=True
    ) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, live_server)
        page.click("#hr-reports-link")
        page.wait_for_selector("#report-time_to_fill")
        assert title in page.text_content("#report-time_to_fill caption")
        assert_accessible(page)
        page.select_option("#id_vacancy", str(vacancy.pk))
        page.select_option("#id_source", "telegram")
        page.click(".reports-filters button")
        page.wait_for_selector("#report-source_conversion")
        assert "source=telegram" in page.url
        assert_accessible(page)
        _screenshot(page, f"reports{'' if language == 'en' else '-ru'}.png", tmp_path)
        with page.expect_download() as download:
            page.click("#export-csv")
        body = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert "Python developer" in body
        with page.expect_download() as download:
            page.click("#export-xlsx")
        assert download.value.suggested_filename.endswith(".xlsx")
