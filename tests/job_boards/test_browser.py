"""The hh.ru set-up in headless Chromium, against the fake hh.ru: an HR manager connects (OAuth,
back with the state), links a vacancy by its hh id, sees the imported responses on the board with the
hh.ru badge, rejects one, and the fake receives the discard. axe on the set-up page (English and Russian). Publishing from the form after a refusal; axe on it."""

import pytest

from backoffice.permissions import hr_manager_group_sync
from job_boards.models import ConnectionState, HHConnection
from tests.axe import assert_accessible
from tests.browser import browser_context, chromium
from tests.factories import UserFactory, VacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def sign_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "hr.irina")
    page.fill("input[name=password]", "password")
    page.click("input[type=submit]")
    page.wait_for_selector("#content")


def test_hr_connects_links_a_vacancy_and_a_rejection_reaches_hh(
    browser, live_server, hh_settings, fake_hh, eager_celery
):
    hh_settings.HH_REDIRECT_URL = f"{live_server.url}/admin/hh/callback/"
    hr = UserFactory(username="hr.irina", is_staff=True, is_superuser=False)
    hr.groups.add(hr_manager_group_sync())
    vacancy = VacancyFactory(name="Python developer")
    hh_id = fake_hh.add_vacancy("Python developer")
    anna = fake_hh.add_response(hh_id, first_name="Anna", last_name="Smirnova")
    fake_hh.add_response(hh_id, first_name="Boris", last_name="Orlov", test_score=64)
    with browser_context(browser, live_server, viewport={"width": 1280, "height": 1000}) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, live_server)
        page.goto(f"{live_server.url}/admin/hh/")
        assert_accessible(page)

        page.click("#hh-connect")  # to the fake's /oauth/authorize and back with ?code=&state=
        page.wait_for_selector("#hh-employer")
        assert "ООО Ромашка" in page.inner_text("#hh-employer")
        assert HHConnection.objects.get().state == ConnectionState.CONNECTED
        assert_accessible(page)

        page.select_option("#id_vacancy", str(vacancy.pk))
        page.fill("#id_hh_vacancy_id", hh_id)
        page.click("#hh-link")
        page.wait_for_selector(f'.hh-link[data-hh-id="{hh_id}"]')
        assert_accessible(page)

        page.goto(f"{live_server.url}/admin/candidates/vacancy/{vacancy.pk}/board/?source=hh")
        page.wait_for_selector(".board-columns")
        names = page.locator('.board-column[data-status="new"] .board-name').all_inner_texts()
        assert sorted(names) == ["Anna Smirnova", "Boris Orlov"]
        assert page.locator(".board-source-hh").count() == 2

        card = page.locator(".board-card", has_text="Anna Smirnova")
        card.locator("select").select_option("rejected")
        card.locator("button").click()
        page.wait_for_selector("#board-status >> text=Anna Smirnova moved")

    [discard] = fake_hh.actions_for(anna)
    assert discard["action"] == "discard_by_employer" and "Anna" in discard["message"]


def test_the_set_up_page_in_russian_is_accessible(browser, live_server, hh_connected, fake_hh):
    user = UserFactory(username="hr.irina", is_staff=True, is_superuser=True)
    assert user.pk
    with browser_context(
        browser, live_server, locale="ru-RU", extra_http_headers={"Accept-Language": "ru"}
    ) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, live_server)
        page.goto(f"{live_server.url}/admin/hh/")
        page.wait_for_selector("#hh-connection")
        assert page.locator("html").get_attribute("lang") == "ru"
        assert_accessible(page)


def test_hr_publishes_a_vacancy_after_fixing_what_hh_refused(browser, live_server, hh_connected, fake_hh):
    UserFactory(username="hr.irina", is_staff=True, is_superuser=True)
    vacancy = VacancyFactory(name="Go developer", description="Short.", requirements="")
    with browser_context(browser, live_server, viewport={"width": 1280, "height": 1000}) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, live_server)
        page.goto(f"{live_server.url}/admin/candidates/vacancy/{vacancy.pk}/change/")
        page.click("#vacancy-hh-publish")
        page.wait_for_selector("#hh-publish-form")
        assert page.input_value("#id_name") == "Go developer"
        assert_accessible(page)

        page.click("#hh-publish")  # hh.ru refuses the short description
        page.wait_for_selector("#hh-publish-errors")
        assert "too short" in page.inner_text("#hh-publish-form")
        assert_accessible(page)

        page.fill("#id_description", "<p>" + "We build a hiring platform in Go and Python. " * 6 + "</p>")
        page.click("#hh-publish")
        page.wait_for_selector(".messagelist .success")
        assert "published on hh.ru" in page.inner_text(".messagelist")
    [published] = fake_hh.vacancies.values()
    assert published["sent"]["name"] == "Go developer" and published["sent"]["area"] == {"id": "1"}


def test_the_publish_form_in_russian_is_accessible(browser, live_server, hh_connected, fake_hh):
    UserFactory(username="hr.irina", is_staff=True, is_superuser=True)
    vacancy = VacancyFactory(name="Аналитик")
    with browser_context(
        browser, live_server, locale="ru-RU", extra_http_headers={"Accept-Language": "ru"}
    ) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, live_server)
        page.goto(f"{live_server.url}/admin/hh/publish/{vacancy.pk}/")
        page.wait_for_selector("#hh-publish-form")
        assert "Программист, разработчик" in page.inner_text("#id_professional_role_id")
        page.fill("#id_area_id", "113")
        page.click("#hh-publish")
        page.wait_for_selector("#hh-publish-errors")
        assert "выберите город" in page.inner_text("#hh-publish-form")
        assert_accessible(page)
