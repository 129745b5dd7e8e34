"""The HTTP client of hh.ru's API (docs/hh.md): the User-Agent hh requires, the bearer token with one
refresh when hh says it expired, waits on 429/503, and hh's errors as exceptions HR can read.

It follows only URLs on hh's own hosts (HH_API_URL, HH_OAUTH_URL): actions and resumes come back as
URLs, and the token must never go anywhere else.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

import requests
from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

RETRIES = 3  # tries of one request that meets 429 or 503
MAX_WAIT_SECONDS = 5.0


class HHError(Exception):
    """hh.ru refused or failed. `message` is for HR; `retry` says whether trying later may help."""

    retry = False

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
        error_type: str = "",
        value: str = "",
        errors: list | None = None,
    ) -> None:
        super().__init__(message)
        self.message, self.status, self.error_type, self.value = str(message), status, error_type, value
        self.errors: list[dict] = errors or []  # hh's `errors` list as it came (for field-by-field messages)


class HHAuthError(HHError):
    """No usable token: never connected, revoked, or the one refresh failed. HR must connect again."""


class HHPaidMethod(HHError):
    """403 api_access_payment: the employer's hh.ru plan does not include this method. Not retried."""


class HHNotFound(HHError):
    """404: the vacancy or response is gone, or no longer this employer's."""


class HHUnavailable(HHError):
    """429, 5xx or a network error: worth trying later."""

    retry = True


def _errors(response: requests.Response) -> list[dict]:
    try:
        body = response.json()
    except ValueError:
        return []
    errors = body.get("errors") if isinstance(body, dict) else None
    return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []


def error_of(response: requests.Response) -> HHError:
    """The exception for a non-2xx answer of hh.ru (errors.md)."""
    errors = _errors(response)
    first = errors[0] if errors else {}
    kind, value, status = str(first.get("type", "")), str(first.get("value", "")), response.status_code
    details = {"status": status, "error_type": kind, "value": value, "errors": errors}
    if any(e.get("type") == "api_access_payment" for e in errors):
        return HHPaidMethod(
            _("hh.ru refused a paid method: the employer's hh.ru plan does not include API access to it."),
            **details,
        )
    if status == 404:
        return HHNotFound(_("hh.ru answered 404: not found or not available to this employer."), **details)
    if status == 429 or status >= 500:
        return HHUnavailable(
            _("hh.ru is busy or unavailable (HTTP %(status)s).") % {"status": status}, **details
        )
    if kind == "oauth":
        return HHAuthError(_("hh.ru refused the token (%(value)s).") % {"value": value}, **details)
    reason = ", ".join(f"{e.get('type', '')}/{e.get('value', '')}".strip("/") for e in errors) or str(status)
    return HHError(_("hh.ru refused the request: %(reason)s.") % {"reason": reason}, **details)


@dataclass
class Tokens:
    """Where the client gets the access token, and how it gets a new one (once) when hh says it expired."""

    access: Callable[[], str]
    refresh: Callable[[], str]
    # Called when hh.ru refuses the token for good (revoked, unknown): the connection is marked, HR told.
    refused: Callable[[HHError], None] | None = None


class HHClient:
    def __init__(self, *, tokens: Tokens | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.tokens, self.sleep = tokens, sleep
        self.session = requests.Session()
        self.session.headers["User-Agent"] = settings.HH_USER_AGENT

    def url(self, path_or_url: str) -> str:
        if "://" not in path_or_url:
            return settings.HH_API_URL + path_or_url
        allowed = {urlparse(settings.HH_API_URL).netloc, urlparse(settings.HH_OAUTH_URL).netloc}
        if urlparse(path_or_url).netloc not in allowed:
            raise HHError(_("hh.ru gave a link to another host; it was not followed."))
        return path_or_url

    def request(self, method: str, path_or_url: str, **kwargs) -> requests.Response:
        """The answer (2xx), after one token refresh if hh says the token expired."""
        response = self._send(method, path_or_url, **kwargs)
        if response.status_code in (401, 403) and self._token_expired(response) and self.tokens:
            self.tokens.refresh()  # raises HHAuthError when the refresh fails
            response = self._send(method, path_or_url, **kwargs)
        if not 200 <= response.status_code < 300:
            error = error_of(response)
            if isinstance(error, HHAuthError) and self.tokens and self.tokens.refused:
                self.tokens.refused(error)
            raise error
        return response

    def json(self, method: str, path_or_url: str, **kwargs) -> dict:
        response = self.request(method, path_or_url, **kwargs)
        if response.status_code == 204 or not response.content:
            return {}
        try:
            body = response.json()
        except ValueError:
            raise HHUnavailable(_("hh.ru sent an answer that is not JSON.")) from None
        return body if isinstance(body, dict) else {"items": body}

    def get(self, path_or_url: str, **params) -> dict:
        return self.json("GET", path_or_url, params=params or None)

    @staticmethod
    def _token_expired(response: requests.Response) -> bool:
        return any(e.get("type") == "oauth" and e.get("value") == "token_expired" for e in _errors(response))

    def _send(self, method: str, path_or_url: str, **kwargs) -> requests.Response:
        url, headers = self.url(path_or_url), dict(kwargs.pop("headers", {}) or {})
        if self.tokens:
            headers["Authorization"] = f"Bearer {self.tokens.access()}"
        for attempt in range(RETRIES):
            try:
                response = self.session.request(
                    method, url, headers=headers, timeout=settings.HH_TIMEOUT_SECONDS, **kwargs
                )
            except requests.RequestException as error:
                raise HHUnavailable(
                    _("hh.ru could not be reached (%(error)s).") % {"error": type(error).__name__}
                ) from None
            if response.status_code not in (429, 503) or attempt == RETRIES - 1:
                return response
            self.sleep(self._wait(response, attempt))
        return response

    @staticmethod
    def _wait(response: requests.Response, attempt: int) -> float:
        try:
            wait = float(response.headers.get("Retry-After", ""))
        except ValueError:
            wait = 2.0**attempt
        return max(0.0, min(wait, MAX_WAIT_SECONDS))
