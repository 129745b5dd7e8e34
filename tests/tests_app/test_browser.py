"""The candidate test page in headless Chromium (Playwright) against the live server, on a phone-sized screen.

The tests wait for states the page announces, never for time: `data-ready` on the form once the
answers and the timer are in place, the save state of each question, the responses the page gets.
Where time itself is the subject (the countdown, the heartbeat), the page runs on Playwright's clock
and the test moves it.
"""

import datetime as dt
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.axe import assert_accessible
from tests.browser import browser_context, chromium
from tests.factories import AttemptFactory
from tests_app import services
from tests_app.models import Answer, Attempt, AttemptStatus, ProctorEvent

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# `UPDATE_SCREENSHOTS=1 pytest tests/tests_app/test_browser.py` refreshes the README pictures.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TIMER = re.compile(r"^\d\d:\d\d$")
HALF_AN_HOUR_LEFT = re.compile(r"^(29:\d\d|30:00)$")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def context(browser, live_server, transactional_db):
    """A phone's browser context, closed (and its requests served) before the database is flushed."""
    with browser_context(browser, live_server, **PHONE) as context:
        context.set_default_timeout(15_000)
        yield context


def _screenshot(page, name: str, tmp_path: Path) -> None:
    target = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / name), full_page=False)


def _eventually(check: Callable[[], bool], timeout: float = 15) -> None:
    """Wait for a state of the database the server reaches on its own (a beacon landing)."""
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def _seconds(timer_text: str) -> int:
    minutes, seconds = timer_text.split(":")
    return int(minutes) * 60 + int(seconds)


def _ready(page) -> None:
    """Wait until the page says it is in place: answers restored, timer running."""
    expect(page.locator("#test-form")).to_have_attribute("data-ready", "true")
    expect(page.locator("#timer")).to_have_text(TIMER)


def _saved(page, question) -> None:
    expect(page.locator(f"#q-{question.id} .question-state")).to_have_text("Saved")
    expect(page.locator("#save-state")).to_have_attribute("data-state", "saved")


def _is_response(path: str) -> Callable:
    return lambda response: response.url.endswith(path)


def test_a_whole_test_on_a_phone(live_server, context, sample_test, tmp_path):
    attempt = AttemptFactory(test=sample_test.test)
    page = context.new_page()

    page.goto(f"{live_server.url}/t/{attempt.token}/")
    expect(page.locator("h1")).to_have_text("Python basics")
    expect(page.get_by_test_id("duration")).to_have_text("30 minutes")
    expect(page.get_by_test_id("question-count")).to_have_text("3")
    assert_accessible(page)
    _screenshot(page, "test-landing.png", tmp_path)

    page.get_by_role("button", name="Start the test").click()
    _ready(page)
    expect(page.locator("#timer")).to_have_text(HALF_AN_HOUR_LEFT)

    # One answer of each kind, each saved as it is given.
    page.get_by_label("def").check()
    _saved(page, sample_test.single)
    page.get_by_label("tuple").check()
    page.get_by_label("frozenset").check()
    _saved(page, sample_test.multi)
    textarea = page.locator(f"#q-{sample_test.open.id} textarea")
    textarea.fill("A lock that lets one thread run Python bytecode at a time.")
    _saved(page, sample_test.open)
    assert Answer.objects.filter(attempt=attempt).count() == 3  # the page says saved once committed
    assert_accessible(page)
    _screenshot(page, "test-question.png", tmp_path)

    # A paste is recorded as a proctoring event.
    with page.expect_response(_is_response("/events")) as events:
        textarea.dispatch_event("paste")
    assert events.value.status == 200
    assert ProctorEvent.objects.filter(attempt=attempt, kind="paste").exists()

    # Offline: the answer waits in the page and goes out when the connection is back.
    context.set_offline(True)
    page.get_by_label("func").check()
    expect(page.locator("#save-state")).to_have_attribute("data-state", "offline")
    context.set_offline(False)
    _saved(page, sample_test.single)
    single = Answer.objects.get(attempt=attempt, question=sample_test.single)
    assert list(single.selected_choices.values_list("id", flat=True)) == [sample_test.single_wrong.id]
    page.get_by_label("def").check()
    _saved(page, sample_test.single)

    # Reload mid-way, even while typing: the answers and the timer are intact.
    timer_before = _seconds(page.locator("#timer").inner_text())
    textarea.type(" Mostly.")
    page.reload()
    _ready(page)
    expect(page.get_by_label("def")).to_be_checked()
    expect(page.get_by_label("tuple")).to_be_checked()
    expect(page.get_by_label("frozenset")).to_be_checked()
    expect(page.get_by_label("list")).not_to_be_checked()
    expect(page.locator(f"#q-{sample_test.open.id} textarea")).to_have_value(
        "A lock that lets one thread run Python bytecode at a time. Mostly."
    )
    timer_after = _seconds(page.locator("#timer").inner_text())
    server_left = (Attempt.objects.get(pk=attempt.pk).deadline - timezone.now()).total_seconds()
    assert timer_after <= timer_before
    assert abs(timer_after - server_left) <= 3  # the countdown follows the server's deadline

    page.get_by_role("button", name="Submit the test").click()
    expect(page.locator("#confirm-text")).to_contain_text("cannot change your answers")
    page.locator("#confirm-submit").click()
    expect(page.locator(".final h2")).to_contain_text("your answers were submitted")
    assert_accessible(page)

    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.NEEDS_REVIEW
    assert attempt.score == 4
    assert Answer.objects.get(attempt=attempt, question=sample_test.open).text.endswith("Mostly.")
    assert page.evaluate("Object.keys(localStorage).length") == 0


def test_a_test_that_runs_out_of_time(live_server, context, sample_test):
    attempt = services.attempt_start(attempt=AttemptFactory(test=sample_test.test))
    page = context.new_page()
    page.clock.install()
    page.goto(f"{live_server.url}/t/{attempt.token}/")
    _ready(page)
    expect(page.locator("#timer")).to_have_text(HALF_AN_HOUR_LEFT)
    page.get_by_label("def").check()
    _saved(page, sample_test.single)

    # The time runs out on the server, and half an hour later on the page's clock too: the timer
    # reaches zero and the page submits by itself.
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(seconds=1))
    page.clock.fast_forward("30:02")
    expect(page.locator(".final h2")).to_have_text("Time is up")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.TIMEOUT
    assert attempt.score == 2  # the answer saved in time counts


def test_a_closed_page_stops_the_heartbeat_and_the_attempt_escapes(
    live_server, context, sample_test, settings
):
    attempt = AttemptFactory(test=sample_test.test)
    url = f"{live_server.url}/t/{attempt.token}/"
    page = context.new_page()
    page.clock.install()
    page.goto(url)
    page.get_by_role("button", name="Start the test").click()
    _ready(page)
    page.get_by_label("def").check()
    _saved(page, sample_test.single)
    started = Attempt.objects.get(pk=attempt.pk).started_at

    # While the page is open, its clock drives a heartbeat every period.
    with page.expect_response(_is_response("/heartbeat")) as heartbeat:
        page.clock.fast_forward(settings.TEST_HEARTBEAT_SECONDS * 1000)
    assert heartbeat.value.status == 200
    assert Attempt.objects.get(pk=attempt.pk).last_heartbeat_at > started

    # Closing the page: the page reports that with sendBeacon, which outlives the page (and counts
    # as a last sign of life). Then nothing is left to beat.
    page.close()
    _eventually(lambda: ProctorEvent.objects.filter(attempt=attempt, kind="page_closed").exists())
    assert not ProctorEvent.objects.filter(attempt=attempt, kind="tab_hidden").exists()
    last_beat = Attempt.objects.get(pk=attempt.pk).last_heartbeat_at
    later = last_beat + dt.timedelta(seconds=settings.TEST_ESCAPE_AFTER_SECONDS + 1)
    assert services.attempts_close_overdue(now=later) == {"timeout": 0, "escaped": 1}
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.ESCAPED
    assert attempt.score == 2

    page = context.new_page()
    page.goto(url)
    expect(page.locator(".final h2")).to_have_text("The test was closed")


def test_a_page_whose_attempt_is_deleted_stops_and_says_so(live_server, context, sample_test):
    attempt = services.attempt_start(attempt=AttemptFactory(test=sample_test.test))
    page = context.new_page()
    page.goto(f"{live_server.url}/t/{attempt.token}/")
    _ready(page)
    attempt.candidate.delete()  # HR deletes the candidate while the page is open

    with page.expect_response(_is_response("/answer")) as answer:
        page.get_by_label("def").click()  # not check(): the page is gone before it could stay checked
    assert answer.value.status == 404
    expect(page.locator("h1")).to_have_text("This test link is not valid")
    assert not Answer.objects.exists()


def test_an_expired_link_shows_the_expired_page(live_server, context, sample_test):
    attempt = AttemptFactory(test=sample_test.test, expires_at=timezone.now() - dt.timedelta(hours=1))
    page = context.new_page()
    response = page.goto(f"{live_server.url}/t/{attempt.token}/")
    assert response.status == 410
    expect(page.locator("h1")).to_have_text("This invitation has expired")
    expect(page.get_by_role("button", name="Start the test")).to_have_count(0)
    assert_accessible(page)
