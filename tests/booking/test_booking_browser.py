"""Browser, in Russian: HR sends "choose a time" from the candidate page, the candidate opens the
link from the bot's message (the fake Telegram got it), books a time, and HR sees the interview on
the dashboard. axe runs on every page. With UPDATE_SCREENSHOTS=1 it refreshes
docs/screenshots/booking-*.png; otherwise they go to a temporary folder."""

import datetime as dt
import os
import re

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from backoffice.permissions import hr_manager_group_sync
from interviews.models import BookingInvitation, Interview, InterviewerSchedule, WorkingHours
from messaging.models import ScheduledMessage
from messaging.notifications import scheduled_message_send
from tests.axe import assert_accessible
from tests.browser import browser_context, chromium
from tests.factories import ApplicationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = django_settings.BASE_DIR / "docs" / "screenshots"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "ru-RU"}


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def _hr_and_interviewer():
    hr = UserFactory(username="hr.anna", first_name="Анна", last_name="Берг", is_staff=True)
    hr.groups.add(hr_manager_group_sync())
    schedule = InterviewerSchedule.objects.create(
        interviewer=hr, time_zone="Europe/Moscow", slot_step_minutes=60
    )
    for weekday in range(7):
        WorkingHours.objects.create(schedule=schedule, weekday=weekday, starts=dt.time(9), ends=dt.time(18))
    return hr


def _hr_page(context, live_server):
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "hr.anna")
    page.fill("input[name=password]", "password")
    page.click("input[type=submit]")
    page.wait_for_selector("#hr-dashboard")
    return page


def _hr_sends_choose_a_time(page, live_server, application, hr, folder) -> None:
    page.goto(f"{live_server.url}/admin/candidates/candidate/{application.candidate_id}/change/#interviews")
    page.select_option("#booking_interviewer", str(hr.pk))
    page.select_option("#booking_format", "video")
    page.fill("#booking_location", "https://telemost.yandex.ru/j/42")
    assert_accessible(page)
    page.locator("#booking-invite-form").screenshot(path=str(folder / "booking-send-ru.png"))
    page.click("#booking-invite")
    page.wait_for_selector(".messagelist")
    assert "выбрать время" in page.inner_text(".messagelist")


def _link_from_the_bot(fake_telegram) -> str:
    """The invitation is held over the candidate's quiet hours at night: its morning is made to come."""
    scheduled = ScheduledMessage.objects.get(reason__startswith="booking:")
    scheduled_message_send(scheduled_id=scheduled.pk, now=max(timezone.now(), scheduled.send_at))
    fake_telegram.wait_for(lambda: fake_telegram.sent("sendMessage"))
    text = fake_telegram.sent("sendMessage")[0].text
    assert text.startswith("Здравствуйте, Ольга! Выберите, пожалуйста, время собеседования")
    return re.search(r"https?://\S+/book/\S+/", text).group(0)


def _candidate_books(browser, live_server, link: str, folder) -> str:
    with browser_context(browser, live_server, **PHONE) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(link)
        assert page.locator("html").get_attribute("lang") == "ru"
        assert "Собеседование на вакансию Python-разработчик" in page.inner_text("h1")
        assert_accessible(page)
        page.screenshot(path=str(folder / "booking-page-ru.png"), full_page=True)
        first = page.locator(".slot label").first
        chosen = first.inner_text()
        first.click()
        page.click("#slot-submit")
        page.wait_for_selector("#booking-done")
        assert "Вы записаны на собеседование" in page.inner_text("#booking-done")
        assert chosen in page.inner_text("#booked-time")
        assert page.locator("#booking-cancel").is_visible()  # moving or cancelling stays possible
        assert_accessible(page)
        page.screenshot(path=str(folder / "booking-booked-ru.png"), full_page=True)
        return chosen


def test_a_candidate_books_from_the_bots_link_and_hr_sees_it_on_the_dashboard(
    browser, live_server, settings, tmp_path, fake_telegram, telegram_settings, eager_celery, telegram_clock
):
    settings.PUBLIC_BASE_URL = live_server.url
    settings.BOOKING_MIN_NOTICE_HOURS = 1
    settings.BOOKING_HORIZON_DAYS = 6
    settings.BOOKING_CHANGE_BEFORE_HOURS = 1
    settings.TIME_ZONE = "Europe/Moscow"
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    hr = _hr_and_interviewer()
    application = ApplicationFactory(
        candidate__name="Ольга",
        candidate__surname="Смирнова",
        candidate__phone="+79161234567",
        candidate__language="ru",
        vacancy__name="Python-разработчик",
    )

    desktop = {"viewport": {"width": 1440, "height": 1000}, "locale": "ru-RU"}
    with browser_context(browser, live_server, **desktop) as hr_context:
        _hr_sends_choose_a_time(_hr_page(hr_context, live_server), live_server, application, hr, folder)

    chosen = _candidate_books(browser, live_server, _link_from_the_bot(fake_telegram), folder)

    with browser_context(browser, live_server, **desktop) as hr_context:
        upcoming = _hr_page(hr_context, live_server).inner_text("#hr-upcoming-interviews")
        assert "Ближайшие собеседования" in upcoming
        assert "Ольга Смирнова" in upcoming and "кандидат записался сам" in upcoming
        assert chosen.split(", ")[-1] in upcoming  # the time, in Moscow as TIME_ZONE
        page = hr_context.pages[0]
        assert_accessible(page)
        page.locator("#hr-upcoming-interviews").screenshot(path=str(folder / "booking-dashboard-ru.png"))

    interview = Interview.objects.get()
    assert list(interview.interviewers.all()) == [hr]
    assert BookingInvitation.objects.get().status == "booked"
