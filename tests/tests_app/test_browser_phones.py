"""The test page on a real phone's troubles, in headless Chromium at 375 px: a dropped connection, a
page the phone hides, a reload, a second device, code in questions, extra time.

Time is moved, never waited for: the page runs on Playwright's clock, and the server's side of the
same stretch of time is written into the attempt (when the server last heard from the page, when
the deadline is), with the default escape rule (`TEST_ESCAPE_AFTER_SECONDS` = 300) in force.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import browser_context, chromium
from tests.factories import AttemptFactory, QuestionFactory
from tests.tests_app.test_browser import _eventually, _is_response, _ready, _saved, _screenshot
from tests_app import selectors, services
from tests_app.models import Answer, Attempt, AttemptStatus, ProctorEvent, QuestionKind

PHONE_375 = {
    "viewport": {"width": 375, "height": 812},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
IPHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def context(browser, live_server, transactional_db):
    with browser_context(browser, live_server, **PHONE_375) as context:
        context.set_default_timeout(15_000)
        yield context


def _started_page(context, live_server, attempt, clock: bool = True):
    """The candidate's page, started through the landing page (so this browser holds the attempt)."""
    page = context.new_page()
    if clock:
        page.clock.install()
    page.goto(f"{live_server.url}/t/{attempt.token}/")
    page.get_by_role("button", name="Start the test").click()
    _ready(page)
    return page


def _server_silence(attempt: Attempt, seconds: float) -> None:
    """The server's side of a silence: everything it knows of the attempt moves this far back in time."""
    attempt.refresh_from_db()
    shift = dt.timedelta(seconds=seconds)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - shift,
        deadline=attempt.deadline - shift,
        last_heartbeat_at=attempt.last_heartbeat_at - shift,
    )


def test_offline_for_95_seconds_keeps_the_attempt_and_every_answer(
    live_server, context, sample_test, tmp_path
):
    attempt = AttemptFactory(test=sample_test.test)
    page = _started_page(context, live_server, attempt)
    page.get_by_label("def").check()
    _saved(page, sample_test.single)

    context.set_offline(True)
    page.get_by_label("tuple").check()
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text("kept on this device")
    expect(page.locator("#save-state")).to_have_attribute("data-state", "offline")
    _screenshot(page, "test-offline.png", tmp_path)

    # 95 s pass without a word from the page: on its clock, and on the server's.
    page.clock.fast_forward(95_000)
    _server_silence(attempt, 95)
    assert services.attempts_close_overdue() == {"timeout": 0, "escaped": 0}

    context.set_offline(False)
    page.clock.fast_forward(11_000)  # the next retry and heartbeat
    _saved(page, sample_test.multi)
    expect(page.locator("#offline-banner")).to_be_hidden()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS
    single = Answer.objects.get(attempt=attempt, question=sample_test.single)
    multi = Answer.objects.get(attempt=attempt, question=sample_test.multi)
    assert list(single.selected_choices.values_list("text", flat=True)) == ["def"]
    assert list(multi.selected_choices.values_list("text", flat=True)) == ["tuple"]


def test_offline_across_the_deadline_counts_what_was_given_before_and_nothing_after(
    live_server, context, sample_test
):
    attempt = AttemptFactory(test=sample_test.test)
    page = _started_page(context, live_server, attempt)
    page.get_by_label("def").check()
    _saved(page, sample_test.single)

    context.set_offline(True)
    page.get_by_label("tuple").check()  # before the deadline
    # 30 s later on both sides, and the deadline passed 10 s ago.
    page.clock.fast_forward(30_000)
    _server_silence(attempt, 30)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - dt.timedelta(seconds=10))
    page.locator(f"#q-{sample_test.open.id} textarea").fill("written after the deadline")
    page.clock.fast_forward(1_000)  # the typing pause: queued
    _server_silence(attempt, 12)  # the 12 s until the connection is back, on the server's side

    context.set_offline(False)
    page.clock.fast_forward(11_000)
    expect(page.locator(".final h2")).to_have_text("Time is up")
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.TIMEOUT
    saved = {a.question_id: a for a in Answer.objects.filter(attempt=attempt)}
    assert list(saved[sample_test.multi.id].selected_choices.values_list("text", flat=True)) == ["tuple"]
    assert sample_test.open.id not in saved or saved[sample_test.open.id].text == ""
    assert attempt.score == Decimal("3.00")  # def (2) + one of the two immutables (1)


def test_a_page_hidden_for_two_minutes_keeps_beating_and_stays_in_progress(live_server, context, sample_test):
    attempt = AttemptFactory(test=sample_test.test)
    page = _started_page(context, live_server, attempt)
    page.evaluate(
        """() => {
          Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
          Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
          document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    _eventually(lambda: ProctorEvent.objects.filter(attempt=attempt, kind="tab_hidden").exists())
    _server_silence(attempt, 120)
    with page.expect_response(_is_response("/heartbeat")) as heartbeat:
        page.clock.fast_forward(120_000)
    assert heartbeat.value.status == 200
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS
    assert timezone.now() - attempt.last_heartbeat_at < dt.timedelta(seconds=10)


def test_a_reload_is_not_leaving(live_server, context, sample_test):
    attempt = AttemptFactory(test=sample_test.test)
    page = _started_page(context, live_server, attempt, clock=False)
    page.get_by_label("def").check()
    _saved(page, sample_test.single)
    page.reload()
    _ready(page)
    _eventually(lambda: ProctorEvent.objects.filter(attempt=attempt, kind="page_opened").exists())
    opened = ProctorEvent.objects.get(attempt=attempt, kind="page_opened")
    assert opened.details == {"reload": True}
    assert ProctorEvent.objects.filter(attempt=attempt, kind="page_closed").count() == 1
    assert not ProctorEvent.objects.filter(attempt=attempt, kind="tab_hidden").exists()
    risk = selectors.proctor_risk(list(ProctorEvent.objects.filter(attempt=attempt)))
    assert (risk.level, risk.reload_count, risk.hidden_count) == ("none", 1, 0)


def test_a_second_device_takes_over_and_the_first_is_told(
    browser, live_server, context, sample_test, tmp_path
):
    attempt = AttemptFactory(test=sample_test.test)
    first = _started_page(context, live_server, attempt, clock=False)
    first.get_by_label("def").check()
    _saved(first, sample_test.single)

    # A second browser (closed by hand: the fixture's teardown waits for every connection to end).
    other = browser.new_context(user_agent=IPHONE_UA, **PHONE_375)
    try:
        second = other.new_page()
        response = second.goto(f"{live_server.url}/t/{attempt.token}/")
        assert response.status == 409
        expect(second.locator("h1")).to_have_text("The test is open on another device")
        _screenshot(second, "test-takeover.png", tmp_path)
        assert Axe().run(second).violations_count == 0
        second.get_by_role("button", name="Continue the test on this device").click()
        _ready(second)
        expect(second.get_by_label("def")).to_be_checked()  # the saved answers came along

        with first.expect_response(_is_response("/answer")) as refused:
            first.get_by_label("func").click()
        assert refused.value.status == 409
        expect(first.locator("#moved-notice")).to_be_visible()
        expect(first.locator("#moved-notice h2")).to_have_text("The test continued on another device")

        second.get_by_label("tuple").check()
        _saved(second, sample_test.multi)
    finally:
        other.set_offline(True)
        other.close()

    move = ProctorEvent.objects.get(attempt=attempt, kind="device_moved")
    assert move.details == {"from": "Chrome on Linux", "to": "Safari on iOS"}
    single = Answer.objects.get(attempt=attempt, question=sample_test.single)
    assert list(single.selected_choices.values_list("text", flat=True)) == ["def"]  # not "func"
    assert Attempt.objects.get(pk=attempt.pk).device_label == "Safari on iOS"


def test_markdown_code_reads_as_code_and_the_code_answer_is_a_code_editor(
    live_server, context, sample_test, tmp_path
):
    sample_test.single.text = "What does `f(2)` return?\n\n```python\ndef f(a):\n    return a * 2\n```"
    sample_test.single.save()
    code = QuestionFactory(
        test=sample_test.test,
        order=4,
        kind=QuestionKind.CODE,
        text="Write `double(x)` so that this holds:\n\n```python\nassert double(21) == 42\n```",
        points=3,
    )
    attempt = AttemptFactory(test=sample_test.test)
    page = _started_page(context, live_server, attempt, clock=False)

    block = page.locator(f"#q-{sample_test.single.id} .question-text pre code")
    expect(block).to_contain_text("return a * 2")
    assert "monospace" in block.evaluate("el => getComputedStyle(el).fontFamily")
    assert block.locator(".tok-k").first.inner_text() == "def"  # highlighted on the server
    inline = page.locator(f"#q-{sample_test.single.id} .question-text p code")
    assert "monospace" in inline.evaluate("el => getComputedStyle(el).fontFamily")

    editor = page.locator(f"#q-{code.id} textarea")
    assert "monospace" in editor.evaluate("el => getComputedStyle(el).fontFamily")
    editor.click()
    page.keyboard.type("def double(x):")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("return x * 2")
    expect(editor).to_have_value("def double(x):\n    return x * 2")
    expect(page.locator(f"#q-{code.id} .code-lines")).to_have_text("1\n2")
    _saved(page, code)
    assert Answer.objects.get(attempt=attempt, question=code).text == "def double(x):\n    return x * 2"
    page.evaluate(f"document.getElementById('q-{code.id}').scrollIntoView()")
    page.evaluate("window.scrollBy(0, -150)")  # below the sticky bar
    _screenshot(page, "test-code-question.png", tmp_path)

    page.keyboard.press("Escape")  # the keyboard can leave the editor
    editor.focus()
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") != "TEXTAREA"


def test_extra_minutes_extend_the_countdown(live_server, context, sample_test):
    attempt = services.attempt_invite(
        candidate=AttemptFactory(test=sample_test.test).candidate,
        test=sample_test.test,
        extra_minutes=15,
        notify=False,
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/t/{attempt.token}/")
    expect(page.get_by_test_id("duration")).to_have_text("45 minutes")
    page.get_by_role("button", name="Start the test").click()
    _ready(page)
    expect(page.locator("#timer")).to_have_text(re.compile(r"^(44:\d\d|45:00)$"))
    attempt.refresh_from_db()
    assert attempt.deadline - attempt.started_at == dt.timedelta(minutes=45)


def test_progress_jump_list_flags_and_the_submit_dialog(live_server, context, sample_test):
    attempt = AttemptFactory(test=sample_test.test)
    page = _started_page(context, live_server, attempt, clock=False)
    expect(page.locator("#progress")).to_have_text("0 of 3 answered")
    page.get_by_label("def").check()
    expect(page.locator("#progress")).to_have_text("1 of 3 answered")
    expect(page.locator("[data-jump] >> nth=0")).to_have_attribute("aria-label", "Question 1, answered")

    page.locator(f"#q-{sample_test.multi.id} [data-flag]").click()
    expect(page.locator(f"#q-{sample_test.multi.id} [data-flag]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-jump] >> nth=1")).to_have_attribute(
        "aria-label", "Question 2, not answered, flagged for later"
    )
    page.locator("[data-jump] >> nth=2").click()
    assert page.url.endswith(f"#q-{sample_test.open.id}")

    page.get_by_role("button", name="Submit the test").click()
    expect(page.locator("#confirm-unanswered")).to_have_text("Questions 2, 3 have no answer.")
    expect(page.locator("#confirm-flagged")).to_have_text("You flagged question 2 for later.")
    page.get_by_role("button", name="Keep working").click()
    page.reload()  # the flag is kept with the answers
    _ready(page)
    expect(page.locator(f"#q-{sample_test.multi.id} [data-flag]")).to_have_attribute("aria-pressed", "true")


def test_the_test_page_passes_axe(live_server, context, sample_test):
    sample_test.single.text = "What does `f(2)` return?\n\n```python\ndef f(a):\n    return a * 2\n```"
    sample_test.single.save()
    QuestionFactory(test=sample_test.test, order=4, kind=QuestionKind.CODE, text="Write code.", points=1)
    attempt = AttemptFactory(test=sample_test.test)
    page = _started_page(context, live_server, attempt, clock=False)
    page.get_by_label("def").check()
    _saved(page, sample_test.single)
    page.locator(f"#q-{sample_test.multi.id} [data-flag]").click()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
