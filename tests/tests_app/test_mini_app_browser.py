"""The test page inside a simulated Telegram WebApp: Telegram's script is answered by a stand-in that
sets `window.Telegram.WebApp` (signed initData, theme, viewport), as Telegram's own would."""

import json
import time
from urllib.parse import urlencode

import pytest

from messaging.webapp import init_data_sign
from tests.browser import browser_context, chromium
from tests.factories import AttemptFactory

TOKEN = "123456:TEST-token"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _web_app_stub(user_id: int) -> str:
    fields = {"user": json.dumps({"id": user_id, "first_name": "Ann"}), "auth_date": str(int(time.time()))}
    fields["hash"] = init_data_sign(fields, bot_token=TOKEN)
    web_app = {
        "initData": urlencode(fields),
        "colorScheme": "dark",
        "themeParams": {"bg_color": "#17212b", "secondary_bg_color": "#0e1621", "text_color": "#f5f5f5"},
        "viewportStableHeight": 600,
    }
    return (
        "window.__telegramCalls = [];"
        f"window.Telegram = {{WebApp: Object.assign({json.dumps(web_app)}, {{"
        "ready: function () { window.__telegramCalls.push('ready'); },"
        "expand: function () { window.__telegramCalls.push('expand'); },"
        "onEvent: function (name) { window.__telegramCalls.push('on:' + name); }"
        "})};"
    )


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


@pytest.mark.parametrize(("telegram_user", "binding"), [(777001, "bound"), (999, "refused")])
def test_the_page_as_a_mini_app_binds_the_attempt_and_follows_the_theme(
    browser, live_server, settings, telegram_user, binding
):
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    attempt = AttemptFactory(candidate__telegram_id=777001)
    with browser_context(browser, live_server, **PHONE) as context:
        context.route(
            "https://telegram.org/js/telegram-web-app.js",
            lambda route: route.fulfill(content_type="text/javascript", body=_web_app_stub(telegram_user)),
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/t/{attempt.token}/?via=telegram")
        page.wait_for_selector(f"html[data-telegram-binding={binding}]")

        assert page.evaluate("window.__telegramCalls").count("ready") == 1
        style = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--card').trim()")
        assert style == "#17212b"
        assert (
            page.evaluate("document.documentElement.style.getPropertyValue('--tg-viewport-height')")
            == "600px"
        )
        if binding == "refused":
            assert page.get_by_role("alert").is_visible()
    attempt.refresh_from_db()
    assert attempt.telegram_user_id == (777001 if binding == "bound" else None)


def test_the_normal_page_loads_nothing_from_telegram(browser, live_server):
    attempt = AttemptFactory()
    requested = []
    with browser_context(browser, live_server, **PHONE) as context:
        page = context.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{live_server.url}/t/{attempt.token}/")
        page.wait_for_load_state("load")
    assert [url for url in requested if not url.startswith(live_server.url)] == []
