"""An HR-group user merges two candidates in headless Chromium (in Russian), and the history shows it.
Every page on the way passes axe (WCAG 2.1 AA). With UPDATE_SCREENSHOTS=1 the duplicates list, the
merge confirmation page and the candidate page after the merge go to docs/screenshots/."""

import pytest

from backoffice.permissions import hr_manager_group_sync
from candidates.models import CandidateMerge, DuplicatePair, DuplicateReason, HistoryKind
from tests.axe import assert_accessible
from tests.backoffice.test_browser import screenshot_folder
from tests.browser import browser_context, chromium
from tests.factories import ApplicationFactory, CandidateFactory, MessageFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def _duplicates():
    kept = CandidateFactory(
        name="Анна", surname="Смирнова", email="anna@example.com", phone="+79167654321", telegram_id=None
    )
    ApplicationFactory(candidate=kept, vacancy=VacancyFactory(name="Python-разработчик"))
    merged = CandidateFactory(
        name="Анна", surname="Смирнова", email="anna.smirnova@example.com", phone="+79167654322", dob=None
    )
    ApplicationFactory(candidate=merged, vacancy=VacancyFactory(name="Аналитик данных"))
    MessageFactory(candidate=merged, text="Здравствуйте! Отправила резюме ещё раз.")
    DuplicatePair.objects.create(first=kept, second=merged, reason=DuplicateReason.NAME_SIMILAR_PHONE)
    return kept, merged


def test_an_hr_manager_merges_two_candidates_in_the_browser_and_the_history_shows_it(
    browser, live_server, settings, tmp_path
):
    settings.TELEGRAM_BOT_TOKEN = ""
    hr_user = UserFactory(username="hr.olga", first_name="Ольга", is_staff=True, is_superuser=False)
    hr_user.groups.add(hr_manager_group_sync())
    kept, merged = _duplicates()
    folder = screenshot_folder(tmp_path) / "screenshots"
    folder.mkdir(exist_ok=True)
    options = {"viewport": {"width": 1440, "height": 1000}, "locale": "ru-RU"}
    with browser_context(browser, live_server, **options) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "hr.olga")
        page.fill("input[name=password]", "password")
        page.click("input[type=submit]")
        page.wait_for_selector("#hr-dashboard")

        page.goto(f"{live_server.url}/admin/candidates/duplicatepair/")
        page.wait_for_selector("#result_list")
        assert "То же имя, похожий телефон" in page.inner_text("#result_list")
        assert_accessible(page)
        page.screenshot(path=str(folder / "duplicates-list.png"), full_page=True)

        page.goto(f"{live_server.url}/admin/candidates/candidate/{kept.pk}/change/")
        page.wait_for_selector("#duplicates")
        assert "Возможные дубликаты" in page.inner_text("#duplicates")
        assert_accessible(page)
        page.click(f"#merge-{merged.pk}")

        page.wait_for_selector("#merge-form")
        assert "anna.smirnova@example.com" in page.inner_text("#merge-comparison")
        assert_accessible(page)
        page.screenshot(path=str(folder / "merge-confirmation.png"), full_page=True)
        page.click("#merge-confirm")

        page.wait_for_selector("#history")
        history = page.inner_text("#history")
        assert f"С этим кандидатом объединена запись-дубликат {str(merged.pk)[:8]}" in history
        assert "Ольга" in history or "hr.olga" in history
        assert page.is_visible("#merge-undo")
        assert_accessible(page)
        page.locator("#duplicates").screenshot(path=str(folder / "merge-undo-panel.png"))

        page.goto(f"{live_server.url}/admin/candidates/candidate/{merged.pk}/change/")
        page.wait_for_selector("#history")
        assert page.url.endswith(f"/admin/candidates/candidate/{kept.pk}/change/")

    merge = CandidateMerge.objects.get()
    assert (merge.kept, merge.merged, merge.actor) == (kept, merged, hr_user)
    assert kept.applications.count() == 2 and kept.messages.count() == 1
    assert kept.history.filter(kind=HistoryKind.MERGED, actor=hr_user).exists()
