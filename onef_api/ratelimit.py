"""Per-client request budget (`INTEGRATION_RPS` per second), counted in one-second fixed windows in
the shared Django cache so that every web process draws from one budget.

Clients are API keys, or the IP address for requests without a valid key. When the cache is
unreachable the limiter fails open: the API must keep answering while Redis is down.

The window follows the limiter's `clock` (the wall clock by default), so a test drives it with a
clock of its own instead of waiting for a real second to start or end. django-ratelimit, which the
admin's login limit uses, reads the wall clock itself and so could not be driven that way.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django_redis.cache import RedisCache
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from core.observability.metrics import RATE_LIMIT_REFUSALS
from core.redis_breaker import breaker_guarded
from onef_api.models import ApiKey

logger = logging.getLogger(__name__)
WINDOW_SECONDS = 1
# A window's counter outlives the window a little, for processes whose clocks differ slightly.
COUNTER_TTL_SECONDS = WINDOW_SECONDS + 10
CACHE_PREFIX = "onef-api-rate"


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


def client_key(request: Request) -> str:
    api_key = getattr(request, "_auth", None)
    if isinstance(api_key, ApiKey):
        return f"key:{api_key.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


# One round trip to Redis: count and, for a new counter, set its expiry. Sent with EVALSHA (redis-py's
# Script loads it once per server and resends it only when Redis answers NOSCRIPT).
COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class RateLimiter:
    """Counts requests per client and window; `clock` returns the time in seconds (time.time).

    On Redis (django-redis) a request costs one EVALSHA; any other cache (tests, the embedded
    default) counts with `add` + `incr`.
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._script = None  # (the Redis client, its registered script)

    def _count(self, client: str, window: int) -> int:
        counter = f"{CACHE_PREFIX}:{client}:{window}"
        backend = caches["default"]
        if isinstance(backend, RedisCache):
            return self._count_in_redis(backend, backend.make_key(counter))
        cache.add(counter, 0, timeout=COUNTER_TTL_SECONDS)
        return cache.incr(counter)

    def _count_in_redis(self, backend: RedisCache, counter: str) -> int:
        redis = backend.client.get_client(write=True)
        if self._script is None or self._script[0] is not redis:
            self._script = (redis, redis.register_script(COUNT_SCRIPT))
        script = self._script[1]
        return int(
            breaker_guarded(backend.client, lambda: script(keys=[counter], args=[COUNTER_TTL_SECONDS]))
        )

    def check(self, request: Request) -> Usage | None:
        """Count this request; raise RateLimited over budget. None when the limiter is unavailable."""
        now = self.clock()
        window = int(now // WINDOW_SECONDS) * WINDOW_SECONDS
        try:
            count = self._count(client_key(request), window)
        except ValueError:  # the counter vanished between add and incr (the cache was flushed)
            logger.warning("Rate limiter could not count the request, letting it through.")
            return None
        except Exception:  # any cache failure (Redis down, timeout): fail open
            logger.warning("Rate limiter unavailable, letting the request through.", exc_info=True)
            return None
        limit = settings.INTEGRATION_RPS
        usage = Usage(
            limit=limit,
            remaining=max(limit - count, 0),
            reset=max(int(window + WINDOW_SECONDS - now), 1),
        )
        if count > limit:
            RATE_LIMIT_REFUSALS.labels(client_key(request)).inc()
            raise RateLimited(usage)
        return usage


limiter = RateLimiter()


def rate_limit_check(request: Request) -> Usage | None:
    """The API's limiter applied to one request (see RateLimiter.check)."""
    return limiter.check(request)
