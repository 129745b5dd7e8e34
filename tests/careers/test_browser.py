"""The careers page in headless Chromium: a phone (375 px) and a desktop (1440 px), axe-core checks,
and an application sent through the real form. `UPDATE_SCREENSHOTS=1` refreshes docs/screenshots."""

import os
from pathlib import Path

import pytest
from django.core.cache import cache

from candidates.models import Application, Candidate
from messaging import identity
from tests.browser import browser_context, chromium
from tests.factories import VacancyFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1440, "height": 900}}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def vacancies(settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    cache.set(identity.CACHE_KEY, "jobs_test_bot")  # as getMe said (the live server shares this cache)
    return [
        VacancyFactory(
            name="Python Developer",
            description="Build and run our Python services: the API, the Telegram bot and the test pages.",
            requirements="Python, Django, PostgreSQL, 3+ years of experience",
        ),
        VacancyFactory(name="QA Engineer", description="Test the candidate's way in, end to end."),
    ]


def _screenshot(page, name: str, tmp_path: Path) -> None:
    target = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / name), full_page=True)


def _axe_violations(page) -> list:
    axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = axe_playwright.Axe().run(
        page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
    )
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]


@pytest.mark.parametrize(("viewport", "suffix"), [(PHONE, "375"), (DESKTOP, "1440")])
def test_the_pages_are_accessible_at_375_and_1440_px(
    browser, live_server, vacancies, viewport, suffix, tmp_path
):
    with browser_context(browser, live_server, **viewport) as context:
        page = context.new_page()
        page.goto(f"{live_server.url}/careers/")
        assert page.locator(".vacancies li").count() == 2
        assert _axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["viewport"]["width"]
        _screenshot(page, f"careers-list-{suffix}.png", tmp_path)

        page.get_by_role("link", name="Python Developer").click()
        assert (
            page.get_by_role("link", name="Apply in Telegram")
            .get_attribute("href")
            .startswith("https://t.me/jobs_test_bot?start=v")
        )
        assert _axe_violations(page) == []
        _screenshot(page, f"careers-detail-{suffix}.png", tmp_path)
        page.get_by_role("button", name="Send my application").click()
        assert page.locator("[aria-invalid=true]").count() >= 5
        assert _axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["viewport"]["width"]


def test_a_candidate_applies_through_the_form(browser, live_server, vacancies, tmp_path):
    cv = tmp_path / "Anna CV.txt"
    cv.write_text("Python developer, Django, PostgreSQL, 5 years")
    with browser_context(browser, live_server, **PHONE) as context:
        page = context.new_page()
        page.goto(f"{live_server.url}/careers/{vacancies[0].id}/")
        page.get_by_label("First name").fill("Anna")
        page.get_by_label("Last name").fill("Smirnova")
        page.get_by_label("Email").fill("anna@example.com")
        page.get_by_label("Phone").fill("+7 916 765-43-21")
        page.get_by_label("Date of birth").fill("1995-04-12")
        page.get_by_label("CV").set_input_files(str(cv))
        page.get_by_label("I agree").check()
        page.get_by_role("button", name="Send my application").click()
        page.wait_for_url(f"**/careers/{vacancies[0].id}/applied/")
        assert "received your application for Python Developer" in page.content()
    candidate = Candidate.objects.get()
    assert candidate.consent_at is not None
    assert Application.objects.filter(candidate=candidate, vacancy=vacancies[0]).exists()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_unsubscribe_page_is_accessible_before_and_after(browser, live_server, language):
    from django.utils import timezone

    from messaging.models import CandidateChannel
    from tests.factories import CandidateFactory

    candidate = CandidateFactory(telegram_id=None, consent_at=timezone.now())
    channel = CandidateChannel.objects.create(candidate=candidate, kind="email", address=candidate.email)
    with browser_context(browser, live_server, locale=language, **PHONE) as context:
        page = context.new_page()
        page.goto(f"{live_server.url}/careers/unsubscribe/{channel.reply_token}/")
        assert page.locator("html").get_attribute("lang") == language
        assert _axe_violations(page) == []
        page.get_by_role("button", name="Unsubscribe" if language == "en" else "Отписаться").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == (
            "You are unsubscribed" if language == "en" else "Вы отписались"
        )
        assert _axe_violations(page) == []
    channel.refresh_from_db()
    assert channel.unsubscribed_at is not None
