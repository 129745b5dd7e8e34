"""The interactive docs render the webhook contract (Swagger UI on the OpenAPI 3.1 `webhooks`)."""

import pytest

from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_shows_the_webhooks_and_their_headers(live_server):
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"{live_server.url}/api/onef/docs/")
        page.get_by_text("candidate_status_changed", exact=False).first.wait_for(timeout=20_000)
        text = page.inner_text("body")
        for event in ("new_application", "new_message", "test_status_changed", "grade_shared", "ping"):
            assert event in text
        page.get_by_text("candidate_status_changed", exact=False).first.click()
        page.get_by_text("webhook-candidate-sequence").first.wait_for(timeout=10_000)
        page.close()
