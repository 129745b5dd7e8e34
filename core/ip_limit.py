"""A per-IP limit counted in the shared cache (django-ratelimit's fixed windows), for the public forms
that count only some requests: the careers form (stored or automated applications) and the admin
login (failed logins).

The caller decides what counts: it asks `retry_after` before doing the work and calls `count` only
when the request is one that costs. If the cache is down the limit fails open (the request goes on)
and the outage is logged with the caller's message: shutting people out is worse than a few extra
requests while the cache is away.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IpLimit:
    group: str  # the counter's namespace in the cache
    rate_setting: str  # the setting holding the rate ("5/h"), read on each call
    when_down: str  # the warning logged when the cache fails, saying what stays open

    def _usage(self, request: HttpRequest, *, increment: bool) -> dict | None:
        rate = getattr(settings, self.rate_setting)
        try:
            return get_usage(request, group=self.group, key="ip", rate=rate, increment=increment)
        except Exception:
            logger.warning(self.when_down, exc_info=True)
            return None

    def retry_after(self, request: HttpRequest) -> int | None:
        """The seconds to wait (at least 1) when this address has used up its rate, else None."""
        usage = self._usage(request, increment=False)
        if usage and usage["count"] >= usage["limit"]:
            return max(int(usage["time_left"]), 1)
        return None

    def count(self, request: HttpRequest) -> None:
        """Count one request of this address against the rate."""
        self._usage(request, increment=True)
