"""Browser: a new person books from the vacancy's public link (Russian), axe on the page before and
after. With UPDATE_SCREENSHOTS=1 it refreshes docs/screenshots/booking-vacancy-ru.png."""

import datetime as dt
import os

import pytest
from django.conf import settings as django_settings

from booking.models import VacancyBookingLink
from interviews.models import Interview, InterviewerSchedule, WorkingHours
from tests.axe import assert_accessible
from tests.browser import browser_context, chromium
from tests.factories import UserFactory, VacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = django_settings.BASE_DIR / "docs" / "screenshots"


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def test_a_new_person_books_from_the_vacancy_link_in_russian(browser, live_server, settings, tmp_path):
    settings.BOOKING_MIN_NOTICE_HOURS = 1
    settings.BOOKING_HORIZON_DAYS = 3
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    interviewer = UserFactory(username="ivan")
    schedule = InterviewerSchedule.objects.create(interviewer=interviewer, time_zone="Europe/Moscow")
    for weekday in range(7):
        WorkingHours.objects.create(schedule=schedule, weekday=weekday, starts=dt.time(10), ends=dt.time(12))
    link = VacancyBookingLink.objects.create(
        vacancy=VacancyFactory(name="Аналитик данных"),
        interviewer=interviewer,
        format="phone",
        location="+7 495",
    )

    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "locale": "ru-RU"}
    with browser_context(browser, live_server, **phone) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/book/vacancy/{link.token}/")
        assert "Собеседование на вакансию Аналитик данных" in page.inner_text("h1")
        page.locator(".slot label").first.click()
        page.fill("#id_name", "Пётр")
        page.fill("#id_surname", "Иванов")
        page.fill("#id_email", "petr@example.com")
        page.fill("#id_phone", "+7 916 765-43-21")
        page.check("#id_consent")
        assert_accessible(page)
        page.screenshot(path=str(folder / "booking-vacancy-ru.png"), full_page=True)
        page.click("#vacancy-book")
        page.wait_for_selector("#booking-done")
        assert "Вы записаны на собеседование" in page.inner_text("#booking-done")
        assert_accessible(page)

    assert Interview.objects.get().application.candidate.name == "Пётр"
