"""Security headers: a strict Content-Security-Policy everywhere, HSTS and https from the environment."""

import re
import secrets
from pathlib import Path

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.template import RequestContext, Template

from tests.factories import AttemptFactory
from tests.recruitment.test_settings_validation import start_django

PROJECT_DIR = Path(__file__).resolve().parents[2]
# An inline script body needs the request's nonce (`nonce="{{ request.csp_nonce }}"`); json_script
# data blocks (type="application/json") are not scripts the browser runs.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\b(?:src|nonce)=)(?![^>]*type=\"application/json\")[^>]*>\s*\S", re.IGNORECASE
)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _script_src(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives["script-src"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/api/onef/docs/", "/healthz"])
def test_every_page_has_a_strict_script_policy(client, path):
    response = client.get(path)

    script_src = _script_src(response)
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src
    assert "unsafe-eval" not in script_src
    assert "object-src 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_test_page_has_the_policy(client):
    attempt = AttemptFactory()

    response = client.get(f"/t/{attempt.token}/")

    assert response.status_code == 200
    assert "unsafe-inline" not in _script_src(response)


def test_the_template_scan_knows_an_inline_script_from_allowed_ones():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert INLINE_SCRIPT.search('<button onclick="go()">') is None and INLINE_HANDLER.search(
        '<a onclick="go()">'
    )
    assert not INLINE_SCRIPT.search('<script src="/static/a.js"></script>')
    assert not INLINE_SCRIPT.search('<script nonce="{{ request.csp_nonce }}">start()</script>')
    assert not INLINE_SCRIPT.search('<script id="d" type="application/json">{"a": 1}</script>')


def test_a_template_that_uses_the_nonce_gets_it_in_the_policy(rf):
    request = rf.get("/")
    middleware = CSPMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)
    page = Template('<script nonce="{{ request.csp_nonce }}">start()</script>').render(
        RequestContext(request, {})
    )

    response = middleware.process_response(request, HttpResponse(page))

    nonce = re.search(r'nonce="([^"]+)"', page).group(1)
    assert f"'nonce-{nonce}'" in _script_src(response)


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for template in PROJECT_DIR.glob("*/templates/**/*.html"):
        text = template.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text):
            offenders.append(str(template.relative_to(PROJECT_DIR)))

    assert offenders == []


def test_the_deployment_check_is_clean_for_an_https_deployment():
    result = start_django(
        "manage.py",
        "check",
        "--deploy",
        "--tag",
        "security",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        PUBLIC_BASE_URL="https://hr.example.com",
        ALLOWED_HOSTS="hr.example.com",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_an_http_deployment_neither_redirects_nor_sends_hsts(read_settings):
    values = read_settings({"PUBLIC_BASE_URL": "http://10.0.0.5:8000", "SECRET_KEY": "x"})

    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False


def test_an_https_deployment_redirects_sends_hsts_and_secures_cookies(read_settings):
    values = read_settings({"PUBLIC_BASE_URL": "https://hr.example.com", "SECRET_KEY": "x"})

    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert "SECURE_PROXY_SSL_HEADER" not in values  # opt-in: a client could forge the header


def test_the_proxy_header_is_trusted_only_when_asked(read_settings):
    values = read_settings({"PUBLIC_BASE_URL": "https://hr.example.com", "SECURE_PROXY_SSL_HEADER": "true"})

    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_each_https_setting_can_be_turned_off(read_settings):
    values = read_settings(
        {
            "PUBLIC_BASE_URL": "https://hr.example.com",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "SECURE_COOKIES": "false",
        }
    )

    assert (values["SECURE_SSL_REDIRECT"], values["SECURE_HSTS_SECONDS"]) == (False, 0)
    assert values["SESSION_COOKIE_SECURE"] is False
