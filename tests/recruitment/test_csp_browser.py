"""The Content-Security-Policy breaks nothing: the admin and the test page run without a violation."""

import pytest

from backoffice.permissions import hr_manager_group_sync
from tests.browser import browser_context, chromium
from tests.factories import (
    AttemptFactory,
    CandidateFactory,
    ChoiceFactory,
    MessageFactory,
    QuestionFactory,
    UserFactory,
)
from tests.factories import TestFactory as TechTestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def _console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_the_admin_runs_under_the_policy(browser, live_server):
    user = UserFactory(username="hr.csp", is_staff=True)
    user.groups.add(hr_manager_group_sync())
    candidate = CandidateFactory(name="Greta")
    MessageFactory(candidate=candidate, text="Hello")
    with browser_context(browser, live_server) as context:
        page = context.new_page()
        errors = _console_errors(page)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "hr.csp")
        page.fill("input[name=password]", "password")
        page.click("input[type=submit]")
        page.wait_for_selector("#hr-dashboard")
        page.goto(f"{live_server.url}/admin/candidates/candidate/{candidate.pk}/change/")
        page.wait_for_selector("#chat-thread")
        page.wait_for_load_state("networkidle")

        assert [error for error in errors if "Content Security Policy" in error or "Refused" in error] == []


def test_the_test_page_runs_under_the_policy(browser, live_server):
    test = TechTestFactory(title="CSP basics", duration_minutes=30)
    question = QuestionFactory(test=test, order=1, text="Which keyword defines a function?")
    ChoiceFactory(question=question, text="def", is_correct=True)
    ChoiceFactory(question=question, text="func")
    attempt = AttemptFactory(test=test)
    with browser_context(browser, live_server) as context:
        page = context.new_page()
        errors = _console_errors(page)
        page.goto(f"{live_server.url}/t/{attempt.token}/")
        page.get_by_role("button", name="Start the test").click()
        page.wait_for_selector("#test-form[data-ready=true]")

        assert [error for error in errors if "Failed to load resource" not in error] == []  # favicon 404
