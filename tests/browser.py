"""Headless Chromium for the browser tests: Debian's package, driven by Playwright (never downloaded)."""

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium keeps trying hosts this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator:
    """A launched browser; skips the test without Chromium, fails it when CI requires one."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' ORM calls stay synchronous.
    # Allowed while the loop runs only: later tests keep Django's guard against async-unsafe calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
                # Inside Playwright's loop Django's connections are context-local: close the test's
                # own, or it keeps the PostgreSQL test database busy at teardown.
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class ServerConnections:
    """The connections the live server is serving, so a test can wait until it has served them all.

    Counted from the accept (in the server's loop) to the end of the handler thread, so a request
    the browser sent before closing its connection is included until it has been answered.
    """

    def __init__(self, httpd) -> None:
        self._open: set[int] = set()
        self._changed = threading.Condition()
        accept, close = httpd.process_request, httpd.shutdown_request

        def process_request(request, client_address) -> None:
            with self._changed:
                self._open.add(id(request))
            accept(request, client_address)

        def shutdown_request(request) -> None:
            try:
                close(request)
            finally:
                with self._changed:
                    self._open.discard(id(request))
                    self._changed.notify_all()

        httpd.process_request, httpd.shutdown_request = process_request, shutdown_request

    @classmethod
    def of(cls, live_server) -> "ServerConnections":
        httpd = live_server.thread.httpd
        if not hasattr(httpd, "served_connections"):
            httpd.served_connections = cls(httpd)
        return httpd.served_connections

    def wait_until_idle(self, timeout: float = 15) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: not self._open, timeout):
                raise AssertionError(f"the live server still serves {len(self._open)} connection(s)")


@contextmanager
def browser_context(browser, live_server, **options) -> Iterator:
    """A browser context whose traffic is over when the block ends, before the database is flushed.

    Closing a page fires its `pagehide` handlers, and beacons outlive the page: a test page would
    still be reporting to the server while the test's teardown empties the tables. So the context
    goes offline first (the goodbye beacons fail inside the browser), closes, and the block waits
    until the live server has answered every connection the browser opened.
    """
    served = ServerConnections.of(live_server)
    context = browser.new_context(**options)
    try:
        yield context
    finally:
        context.set_offline(True)
        context.close()
        served.wait_until_idle()


def admin_page(context, live_server, username: str, password: str = "password"):
    """A page of `context` signed in to the back-office as `username` (a factory user), on the dashboard."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#hr-dashboard")
    return page
