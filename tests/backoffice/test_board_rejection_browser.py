"""An HR-group user, in Russian, drags a card to "Rejected" on the board: a dialog asks for the reason
first, "Cancel" leaves the card where it was, and the reason picked is kept for the reports. The board
with its dialog open passes axe; with UPDATE_SCREENSHOTS=1 it goes to docs/screenshots/."""

import pytest

from automation.defaults import rejection_reasons_ensure_defaults
from automation.models import RejectionRecord
from backoffice.permissions import hr_manager_group_sync
from tests.axe import assert_accessible
from tests.backoffice.test_browser import screenshot_folder
from tests.browser import admin_page, browser_context, chromium
from tests.factories import ApplicationFactory, CandidateFactory, UserFactory, VacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REJECTED = '.board-column[data-status="rejected"]'


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def names_in(page, column: str) -> list[str]:
    return page.locator(f"{column} .board-name").all_inner_texts()


def test_a_card_dragged_to_rejected_asks_for_the_reason_and_keeps_it(
    browser, live_server, settings, tmp_path
):
    settings.TELEGRAM_BOT_TOKEN = ""
    rejection_reasons_ensure_defaults()
    hr_user = UserFactory(username="hr.olga", first_name="Ольга", is_staff=True, is_superuser=False)
    hr_user.groups.add(hr_manager_group_sync())
    vacancy = VacancyFactory(name="Python-разработчик")
    boris = ApplicationFactory(
        vacancy=vacancy, status="reviewing", candidate=CandidateFactory(name="Борис", surname="Орлов")
    )
    folder = screenshot_folder(tmp_path) / "screenshots"
    folder.mkdir(exist_ok=True)
    options = {"viewport": {"width": 1440, "height": 1000}, "locale": "ru-RU"}
    with browser_context(browser, live_server, **options) as context:
        page = admin_page(context, live_server, "hr.olga")
        page.goto(f"{live_server.url}/admin/candidates/vacancy/{vacancy.pk}/board/")
        page.wait_for_selector(".board-columns")

        # Cancel: nothing moves.
        page.drag_and_drop(f"#card-{boris.pk}", REJECTED)
        page.wait_for_selector("#board-reject[open]")
        assert page.inner_text("#board-reject [data-candidate]") == "Борис Орлов"
        assert page.inner_text("#board-reject-title") == "Отклонить отклик?"
        assert page.inner_text("#board-reject button[value=cancel]") == "Отмена"
        page.click("#board-reject button[value=cancel]")
        page.wait_for_selector("#board-status >> text=Не перемещено.")
        assert names_in(page, REJECTED) == []

        # Reject with a reason, by keyboard from the card's own "Move to" list.
        page.select_option(f"#move-{boris.pk}", "rejected")
        page.click(f"#card-{boris.pk} button[type=submit]")
        page.wait_for_selector("#board-reject[open]")
        assert_accessible(page)
        page.select_option("#board-reject-reason", label="Ожидания по зарплате")
        page.screenshot(path=str(folder / "board-rejection-reason.png"), full_page=False)
        assert page.inner_text("#board-reject button[value=reject]") == "Отклонить"
        page.click("#board-reject button[value=reject]")
        page.wait_for_selector("#board-status >> text=Борис Орлов")
        assert names_in(page, REJECTED) == ["Борис Орлов"]
        assert page.inner_text(f"{REJECTED} [data-age]") == "самый долгий 0 дн. · в среднем 0,0 дн."
        page.close()

    record = RejectionRecord.objects.get(application=boris)
    assert (record.reason.code, record.created_by) == ("salary", hr_user)
