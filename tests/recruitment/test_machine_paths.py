"""The browser's middleware is skipped on machine paths (recruitment/browser_middleware.py) and
nothing observable changes: every request below answers the same status, headers and bytes through
the project's stack as through the full browser stack it had before (recorded here as
`BROWSER_STACK`), in the same test. The OpenAPI snapshot test (tests/onef_api/test_schema.py) runs
unchanged."""

import json

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from onef_api.selectors import api_key_cache
from onef_api.services import api_key_create
from recruitment.browser_middleware import is_machine_path
from tests.factories import ApplicationFactory, AttemptFactory, CandidateFactory, MessageFactory

pytestmark = pytest.mark.django_db

BROWSER_STACK = [
    "core.observability.request_id.RequestIdMiddleware",
    "core.observability.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "onef_api.middleware.ApiBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.ApiSpeaksEnglishMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "backoffice.preferences.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tests_app.middleware.TelegramMiniAppPolicyMiddleware",
]
# A browser's language and a well-formed CSRF cookie. (A stale `sessionid` made the browser stack
# clear that cookie on API answers; that is the one difference, see
# test_machine_paths_leave_the_session_cookie_alone.)
BROWSER_HEADERS = {"HTTP_ACCEPT_LANGUAGE": "ru", "HTTP_COOKIE": "csrftoken=" + "a" * 32}


def requests(candidate_id: str, key: str) -> list[tuple[str, str, dict]]:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    body = {"content_type": "application/json"}
    return [
        ("get", f"/api/onef/candidates/{candidate_id}", auth),
        ("get", f"/api/onef/candidates/{candidate_id}/", {**auth, **BROWSER_HEADERS}),
        ("head", f"/api/onef/candidates/{candidate_id}", auth),
        ("options", "/api/onef/candidates", auth),
        ("get", "/api/onef/candidates?page=1&limit=2", {**auth, **BROWSER_HEADERS}),
        ("get", "/api/onef/candidates", auth),
        ("get", "/api/onef/candidates?status=nonsense", auth),
        ("get", "/api/onef/dashboard", auth),
        ("get", "/api/onef/dashboard", {}),
        ("get", "/api/onef/dashboard", {"HTTP_AUTHORIZATION": "Bearer wrong"}),
        ("get", "/api/onef/messages/unread", auth),
        ("get", f"/api/onef/messages/{candidate_id}", auth),
        ("get", "/api/onef/attempts", auth),
        ("get", "/api/onef/vacancies", auth),
        ("get", "/api/onef/events", auth),
        ("get", "/api/onef/candidates/00000000-0000-0000-0000-000000000000", auth),
        ("get", "/api/onef/no-such-thing", {**auth, **BROWSER_HEADERS}),
        ("post", "/api/onef/messages", {**auth, **body, "data": "{not json"}),
        ("post", "/api/onef/messages", {**auth, **body, "data": json.dumps({"candidate_id": "x"})}),
        ("post", "/api/onef/invites", {**auth, **body, "data": "[]", **BROWSER_HEADERS}),
        ("post", "/api/onef/messages", {**auth, **body, "data": "{}", "CONTENT_LENGTH": "99999999"}),
        ("get", "/api/onef/schema", {}),
        ("post", "/telegram/webhook/", {**body, "data": "{}"}),
        ("get", "/telegram/webhook", {}),
    ]


def normalised(response) -> tuple:
    headers = dict(response.headers)
    headers.pop("X-Request-ID")
    policy = headers.pop("Content-Security-Policy", "")
    directives = sorted(part.strip() for part in policy.split(";"))  # django-csp's order varies
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, headers, directives, response.cookies.output(), content


def answers(stack: list[str] | None, settings, candidate_id: str, key: str) -> list[tuple]:
    if stack is not None:
        settings.MIDDLEWARE = stack
    client = Client(HTTP_HOST="127.0.0.1")
    results = []
    with transaction.atomic():  # reading a conversation marks it read: each stack starts alike
        for method, path, extra in requests(candidate_id, key):
            cache.clear()  # the same RateLimit "remaining" for both stacks
            results.append(normalised(getattr(client, method)(path, **extra)))
        transaction.set_rollback(True)
    return results


@pytest.fixture
def data(local_cache, settings) -> tuple[str, str]:
    settings.ONEF_API_AUTH = "required"
    settings.ONEF_API_KEY_CACHE_SECONDS = 300
    candidate = CandidateFactory()
    ApplicationFactory(candidate=candidate)
    MessageFactory.create_batch(2, candidate=candidate)
    AttemptFactory(candidate=candidate)
    CandidateFactory.create_batch(2)
    api_key_cache.clear()
    return str(candidate.id), api_key_create(name="golden")[1]


def test_machine_paths_answer_what_the_browser_stack_answered(data, settings):
    before = answers(BROWSER_STACK, settings, *data)
    after = answers(None, settings, *data)

    for request, old, new in zip(requests(*data), before, after, strict=True):
        assert new == old, request[:2]
    statuses = {status for status, *_ in after}
    assert {200, 400, 401, 404, 413} <= statuses  # the set covers answers and errors


def test_machine_paths_leave_the_session_cookie_alone(data):
    client = Client(HTTP_HOST="127.0.0.1")
    response = client.get(
        "/api/onef/dashboard",
        HTTP_AUTHORIZATION=f"Bearer {data[1]}",
        HTTP_COOKIE="sessionid=stale; csrftoken=" + "a" * 32,
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.cookies == {}
    assert response["Content-Language"] == "en"
    assert not hasattr(response.wsgi_request, "session")


def test_browser_pages_keep_the_whole_stack(client, admin_user):
    client.force_login(admin_user)

    assert client.get("/admin/").status_code == 200
    response = client.get("/api/onef/docs/")
    assert response.wsgi_request.session is not None
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "machine"),
    [
        ("/api/onef/candidates", True),
        ("/api/onef/events/", True),
        ("/telegram/webhook/", True),
        ("/api/onef/docs/", False),
        ("/admin/", False),
        ("/t/abc/", False),
        ("/careers/", False),
        ("/apix", False),
    ],
)
def test_which_paths_are_machine_paths(path, machine):
    assert is_machine_path(path) is machine
