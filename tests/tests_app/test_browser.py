"""The candidate test page in headless Chromium (Playwright) against the live server, on a phone-sized screen."""

import datetime as dt
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser import chromium
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

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def context(browser):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    yield context
    context.close()


def _screenshot(page, name: str, tmp_path: Path) -> None:
    target = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / name), full_page=False)


def _eventually(check: Callable[[], bool], timeout: float = 10) -> None:
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        time.sleep(0.1)


def _seconds(timer_text: str) -> int:
    minutes, seconds = timer_text.split(":")
    return int(minutes) * 60 + int(seconds)


def test_a_whole_test_on_a_phone(live_server, context, sample_test, tmp_path):
    attempt = AttemptFactory(test=sample_test.test)
    url = f"{live_server.url}/t/{attempt.token}/"
    page = context.new_page()

    page.goto(url)
    assert page.locator("h1").inner_text() == "Python basics"
    assert page.get_by_test_id("duration").inner_text() == "30 minutes"
    assert page.get_by_test_id("question-count").inner_text() == "3"
    _screenshot(page, "test-landing.png", tmp_path)

    page.get_by_role("button", name="Start the test").click()
    page.wait_for_selector("#test-form")
    assert re.fullmatch(r"\d\d:\d\d", page.locator("#timer").inner_text())
    assert 29 * 60 <= _seconds(page.locator("#timer").inner_text()) <= 30 * 60

    # One answer of each kind, each saved as it is given.
    page.get_by_label("def").check()
    page.get_by_label("tuple").check()
    page.get_by_label("frozenset").check()
    textarea = page.locator(f"#q-{sample_test.open.id} textarea")
    textarea.fill("A lock that lets one thread run Python bytecode at a time.")
    page.wait_for_selector('#save-state[data-state="saved"]')
    _eventually(lambda: Answer.objects.filter(attempt=attempt).count() == 3)
    _screenshot(page, "test-question.png", tmp_path)

    # A paste is recorded as a proctoring event.
    textarea.dispatch_event("paste")
    _eventually(lambda: ProctorEvent.objects.filter(attempt=attempt, kind="paste").exists())

    # Offline: the answer waits in the page and goes out when the connection is back.
    context.set_offline(True)
    page.get_by_label("func").check()
    page.wait_for_selector('#save-state[data-state="offline"]')
    context.set_offline(False)
    page.wait_for_selector('#save-state[data-state="saved"]')
    _eventually(
        lambda: (
            list(
                Answer.objects.get(attempt=attempt, question=sample_test.single).selected_choices.values_list(
                    "id", flat=True
                )
            )
            == [sample_test.single_wrong.id]
        )
    )
    page.get_by_label("def").check()
    page.wait_for_selector('#save-state[data-state="saved"]')

    # Reload mid-way, even while typing: the answers and the timer are intact.
    timer_before = _seconds(page.locator("#timer").inner_text())
    textarea.type(" Mostly.")
    page.reload()
    page.wait_for_selector("#test-form")
    assert page.get_by_label("def").is_checked()
    assert page.get_by_label("tuple").is_checked() and page.get_by_label("frozenset").is_checked()
    assert not page.get_by_label("list").is_checked()
    assert page.locator(f"#q-{sample_test.open.id} textarea").input_value() == (
        "A lock that lets one thread run Python bytecode at a time. Mostly."
    )
    page.wait_for_function("document.getElementById('timer').textContent !== '--:--'")
    timer_after = _seconds(page.locator("#timer").inner_text())
    server_left = (Attempt.objects.get(pk=attempt.pk).deadline - timezone.now()).total_seconds()
    assert timer_after <= timer_before
    assert abs(timer_after - server_left) <= 3  # the countdown follows the server's deadline

    page.get_by_role("button", name="Submit the test").click()
    assert "cannot change your answers" in page.locator("#confirm-text").inner_text()
    page.locator("#confirm-submit").click()
    page.wait_for_selector(".final")
    assert "your answers were submitted" in page.locator(".final h2").inner_text()

    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.NEEDS_REVIEW
    assert attempt.score == 4
    assert Answer.objects.get(attempt=attempt, question=sample_test.open).text.endswith("Mostly.")
    assert page.evaluate("Object.keys(localStorage).length") == 0


def test_a_test_that_runs_out_of_time(live_server, context, sample_test):
    attempt = AttemptFactory(test=sample_test.test)
    # Started almost 30 minutes ago: a few seconds are left.
    services.attempt_start(
        attempt=attempt, now=timezone.now() - dt.timedelta(minutes=30) + dt.timedelta(seconds=4)
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/t/{attempt.token}/")
    assert _seconds(page.locator("#timer").inner_text()) <= 4
    page.get_by_label("def").check()
    page.wait_for_selector('#save-state[data-state="saved"]')
    page.wait_for_selector(".final", timeout=15_000)
    assert page.locator(".final h2").inner_text() == "Time is up"
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.TIMEOUT
    assert attempt.score == 2  # the answer saved in time counts


def test_a_closed_page_stops_the_heartbeat_and_the_attempt_escapes(
    live_server, context, sample_test, settings
):
    settings.TEST_HEARTBEAT_SECONDS = 1
    attempt = AttemptFactory(test=sample_test.test)
    url = f"{live_server.url}/t/{attempt.token}/"
    page = context.new_page()
    page.goto(url)
    page.get_by_role("button", name="Start the test").click()
    page.get_by_label("def").check()
    page.wait_for_selector('#save-state[data-state="saved"]')
    attempt.refresh_from_db()
    started = attempt.started_at
    _eventually(
        lambda: Attempt.objects.get(pk=attempt.pk).last_heartbeat_at > started + dt.timedelta(seconds=1)
    )

    page.close()
    # Closing the page hides it: the page reports that with sendBeacon, which outlives the page.
    _eventually(lambda: ProctorEvent.objects.filter(attempt=attempt, kind="tab_hidden").exists())
    time.sleep(0.5)
    last_beat = Attempt.objects.get(pk=attempt.pk).last_heartbeat_at
    time.sleep(2.5)  # more than two heartbeat periods
    assert Attempt.objects.get(pk=attempt.pk).last_heartbeat_at == last_beat
    later = last_beat + dt.timedelta(seconds=settings.TEST_ESCAPE_AFTER_SECONDS + 1)
    assert services.attempts_close_overdue(now=later) == {"timeout": 0, "escaped": 1}
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.ESCAPED
    assert attempt.score == 2

    page = context.new_page()
    page.goto(url)
    assert page.locator(".final h2").inner_text() == "The test was closed"


def test_an_expired_link_shows_the_expired_page(live_server, context, sample_test):
    attempt = AttemptFactory(test=sample_test.test, expires_at=timezone.now() - dt.timedelta(hours=1))
    page = context.new_page()
    response = page.goto(f"{live_server.url}/t/{attempt.token}/")
    assert response.status == 410
    assert page.locator("h1").inner_text() == "This invitation has expired"
    assert page.get_by_role("button", name="Start the test").count() == 0
