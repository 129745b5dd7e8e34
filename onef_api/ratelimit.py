"""Per-client request budget (`INTEGRATION_RPS` per second), counted by django-ratelimit in the
shared Django cache so that every web process draws from one budget.

Clients are API keys, or the IP address for requests without a valid key. When the cache is
unreachable the limiter fails open: the API must keep answering while Redis is down.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from core.observability.metrics import RATE_LIMIT_REFUSALS
from onef_api.models import ApiKey

logger = logging.getLogger(__name__)
GROUP = "onef_api"
WINDOW_SECONDS = 1


@dataclass(frozen=True)
class Usage:
    limit: int
    remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        # draft-ietf-httpapi-ratelimit-headers (the combined RateLimit field and its policy).
        return {
            "RateLimit": f"limit={self.limit}, remaining={self.remaining}, reset={self.reset}",
            "RateLimit-Policy": f"{self.limit};w={WINDOW_SECONDS}",
        }


class RateLimited(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "rate_limited"

    def __init__(self, usage: Usage):
        super().__init__(
            f"Rate limit exceeded: {usage.limit} requests per second per client. "
            f"Retry after {usage.reset} second(s)."
        )
        self.usage = usage


def client_key(group: str, request: Request) -> str:
    api_key = getattr(request, "_auth", None)
    if isinstance(api_key, ApiKey):
        return f"key:{api_key.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def rate(group: str, request: Request) -> str:
    return f"{settings.INTEGRATION_RPS}/{WINDOW_SECONDS}s"


def rate_limit_check(request: Request) -> Usage | None:
    """Count this request; raise RateLimited over budget. None when the limiter is unavailable."""
    try:
        usage = get_usage(request, group=GROUP, key=client_key, rate=rate, increment=True)
    except Exception:  # any cache failure (Redis down, timeout): fail open
        logger.warning("Rate limiter unavailable, letting the request through.", exc_info=True)
        return None
    if usage is None:
        return None
    if usage["limit"] == 0:  # django-ratelimit's signal that the cache did not answer
        logger.warning("Rate limiter could not count the request, letting it through.")
        return None
    current = Usage(
        limit=usage["limit"],
        remaining=max(usage["limit"] - usage["count"], 0),
        reset=max(usage["time_left"], 1),
    )
    if usage["should_limit"]:
        RATE_LIMIT_REFUSALS.labels(client_key(GROUP, request)).inc()
        raise RateLimited(current)
    return current
