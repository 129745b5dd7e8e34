"""The back-office in Russian at 1440 px on the demo data, as a superuser would see it: the dashboard,
a board, a candidate card (reached from the board, next candidate by keyboard) and the card of a
candidate with two applications. No raw label shows (django-otp's names, Django's ungrammatical
titles, "None available", an English AI comment), axe passes, and the screenshots go to
docs/screenshots/ (committed: run with UPDATE_SCREENSHOTS=1 to refresh them).
"""

import os
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from backoffice.preferences import user_language_set
from candidates.demo import DEMO_TELEGRAM_BASE
from candidates.models import Candidate
from tests.axe import assert_accessible
from tests.browser import browser_context, chromium
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = settings.BASE_DIR / "docs" / "screenshots"
RAW_LABELS = [
    "OTP_TOTP",
    "Otp_Totp",
    "TOTP devices",
    "TOTP device",
    "Изменить кандидат",
    "Выберите кандидат",
    "Недоступно",
    "required skills",  # the English AI comment
    "Matched ",
    "Missing:",
]


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def folder(tmp_path):
    return SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path


def assert_no_raw_labels(page) -> None:
    text = page.inner_text("body")
    found = [label for label in RAW_LABELS if label in text]
    assert not found, f"{page.url}: {found}"


def test_the_russian_back_office_at_1440_px(browser, live_server, settings, tmp_path):
    settings.ADMIN_REQUIRE_2FA = False
    call_command("seed_demo")
    user = UserFactory(username="hr.boss", is_staff=True, is_superuser=True)
    user_language_set(user=user, language="ru")
    two = Candidate.objects.get(telegram_id=DEMO_TELEGRAM_BASE + 1)
    assert two.applications.count() == 2
    options = {"viewport": {"width": 1440, "height": 1000}, "locale": "ru-RU"}
    with browser_context(browser, live_server, **options) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "hr.boss")
        page.fill("input[name=password]", "password")
        page.click("input[type=submit]")
        page.wait_for_selector("#hr-dashboard")

        # The dashboard: Russian labels, conversions within 100 %, sources, my actions.
        assert "Приложения-аутентификаторы" in page.inner_text("#content-related, #nav-sidebar, body")
        assert "Мои последние действия" in page.inner_text("#recent-actions-module")
        stages = page.inner_text("#hr-stage-analytics")
        assert all(int(n) <= 100 for n in re.findall(r"\((\d+)%\)", stages))
        sources = page.inner_text("#hr-sources")
        assert "Telegram" in sources and "hh.ru" in sources and "до ведения истории" not in sources
        assert_no_raw_labels(page)
        assert_accessible(page)
        page.screenshot(path=str(folder(tmp_path) / "dashboard-ru.png"))

        # A board, and a card opened from it.
        page.locator("#hr-boards a").first.click()
        page.wait_for_selector(".board-columns")
        assert_no_raw_labels(page)
        assert_accessible(page)
        page.screenshot(path=str(folder(tmp_path) / "board-ru.png"))
        column = page.locator('.board-column[data-status="reviewing"] .board-name')
        names = column.all_inner_texts()
        column.first.click()
        page.wait_for_selector("#card-name")
        assert page.inner_text("#card-name") == names[0]
        assert "обязательных навыков" in page.inner_text("#ai-analysis")
        assert_no_raw_labels(page)
        assert_accessible(page)
        page.screenshot(path=str(folder(tmp_path) / "card-ru.png"))
        if len(names) > 1:  # the next candidate of the column, by keyboard
            page.keyboard.press("j")
            page.wait_for_function(
                "name => document.querySelector('#card-name').innerText !== name", arg=names[0]
            )
            assert page.inner_text("#card-name") == names[1]

        # The card of a candidate with two applications; "Edit" keeps a grammatical title.
        page.goto(f"{live_server.url}/admin/candidates/candidate/{two.pk}/card/")
        page.wait_for_selector("#card-applications")
        assert page.locator("#card-applications tbody tr").count() == 2
        assert page.locator("#ai-analysis .card-analysis").count() == 2
        assert_no_raw_labels(page)
        assert_accessible(page)
        page.screenshot(path=str(folder(tmp_path) / "card-two-applications-ru.png"))
        page.click("#card-edit")
        page.wait_for_selector("#content h1")
        assert page.inner_text("#content h1") == f"Кандидат: {two}"
        assert_no_raw_labels(page)
        page.close()
