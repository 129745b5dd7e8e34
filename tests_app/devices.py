"""The browser that holds an attempt: an HttpOnly cookie per attempt, and a short name for the reviewer.

The cookie carries a random secret scoped to the attempt's path (`/t/<token>/`); the attempt stores
only its SHA-256 (`Attempt.device_key`). The name is the user agent's family ("Chrome on Android"),
never the full string.
"""

import hashlib
import re
import secrets

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from tests_app.models import Attempt, AttemptStatus

COOKIE_NAME = "test_device"
COOKIE_MAX_AGE = 7 * 24 * 3600

# First match wins: the order matters (Edge and Opera also say Chrome, Chrome also says Safari).
BROWSERS = [
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/|Opera"),
    ("Samsung Internet", r"SamsungBrowser/"),
    ("Yandex Browser", r"YaBrowser/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/|Chromium/"),
    ("Safari", r"Safari/"),
]
SYSTEMS = [
    ("Android", r"Android"),
    ("iOS", r"iPhone|iPad|iPod"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux"),
]


def device_label(user_agent: str) -> str:
    """ "Chrome on Android", "Safari on iOS", "unknown browser"..., from a User-Agent header."""
    browser = next((name for name, pattern in BROWSERS if re.search(pattern, user_agent)), "")
    system = next((name for name, pattern in SYSTEMS if re.search(pattern, user_agent)), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"a browser on {system}" if system else "unknown browser")


def request_device_label(request: HttpRequest) -> str:
    return device_label(request.headers.get("User-Agent", "")[:500])


def device_key_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def request_device_key(request: HttpRequest) -> str:
    secret = request.COOKIES.get(COOKIE_NAME, "")
    return device_key_of(secret) if secret else ""


def new_device_secret() -> str:
    return secrets.token_urlsafe(32)


def device_cookie_set(request: HttpRequest, response: HttpResponse, *, attempt: Attempt, secret: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        secret,
        max_age=COOKIE_MAX_AGE,
        path=reverse("tests_app:page", args=[attempt.token]),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def held_elsewhere(request: HttpRequest, attempt: Attempt) -> bool:
    """Whether another browser holds this attempt in progress (attempts started before the binding
    existed, with no key, are held by whoever has the link)."""
    if attempt.status != AttemptStatus.IN_PROGRESS or not attempt.device_key:
        return False
    return request_device_key(request) != attempt.device_key
