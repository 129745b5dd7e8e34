"""A test submitted while the phone (375 px) has no connection: the page says so where the candidate
is looking, keeps the answers, and submits by itself once the connection is back."""

import pytest
from playwright.sync_api import expect

from tests.axe import assert_accessible
from tests.browser import browser_context, chromium
from tests.factories import AttemptFactory
from tests.tests_app.test_browser import PHONE, _eventually, _ready, _saved
from tests_app.models import Attempt, AttemptStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SMALL_PHONE = {**PHONE, "viewport": {"width": 375, "height": 667}}


@pytest.fixture
def context(live_server, transactional_db):
    with chromium() as browser, browser_context(browser, live_server, **SMALL_PHONE) as context:
        context.set_default_timeout(15_000)
        yield context


def test_a_submit_without_connection_goes_out_when_the_connection_is_back(live_server, context, sample_test):
    attempt = AttemptFactory(test=sample_test.test)
    page = context.new_page()
    page.goto(f"{live_server.url}/t/{attempt.token}/")
    page.get_by_role("button", name="Start the test").click()
    _ready(page)
    page.get_by_label("def").check()
    _saved(page, sample_test.single)

    context.set_offline(True)
    page.get_by_label("tuple").check()
    page.get_by_role("button", name="Submit the test").click()
    page.locator("#confirm-submit").click()

    notice = page.locator("#notice")
    expect(notice).to_contain_text("submitted as soon as the connection is back")
    expect(notice).to_be_in_viewport()
    assert_accessible(page)
    assert Attempt.objects.get(pk=attempt.pk).status == AttemptStatus.IN_PROGRESS

    context.set_offline(False)
    expect(page.locator(".final h2")).to_contain_text("your answers were submitted")
    _eventually(lambda: Attempt.objects.get(pk=attempt.pk).status != AttemptStatus.IN_PROGRESS)
    assert Attempt.objects.get(pk=attempt.pk).answers.count() == 2
