"""Two-factor login in the browser: a superuser sets up an authenticator, then signs in with a code.
The pages pass axe-core's WCAG 2.1 AA rules and run under the Content-Security-Policy."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser import browser_context, chromium
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture
def browser(transactional_db):
    with chromium() as browser:
        yield browser


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _accessible(page) -> None:
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


def _log_in(page, url: str) -> None:
    page.goto(f"{url}/admin/login/")
    page.fill("input[name=username]", "root.otp")
    page.fill("input[name=password]", "password")
    page.click("input[type=submit]")


def test_a_superuser_sets_up_two_factor_login_and_uses_it(browser, live_server, settings):
    settings.ADMIN_REQUIRE_2FA = True
    user = UserFactory(username="root.otp", is_staff=True, is_superuser=True)
    with browser_context(browser, live_server) as context:
        page = context.new_page()
        refused: list[str] = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)

        _log_in(page, live_server.url)
        page.wait_for_selector("#two-factor-qr svg")
        _accessible(page)
        secret = page.inner_text("#two-factor-secret")
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        assert "otpauth://totp/" in page.inner_text("#two-factor-uri")
        page.fill("input[name=code]", _code(device))
        page.click("#two-factor-submit")
        page.wait_for_selector("#hr-dashboard")

        page.click("#logout-form button")
        _log_in(page, live_server.url)
        page.wait_for_selector("#two-factor-form")
        page.fill("input[name=code]", "12")
        page.click("#two-factor-submit")
        page.wait_for_selector("#id_code_error")
        _accessible(page)

        assert secret and refused == []
