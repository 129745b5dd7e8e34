"""The web form's rate limit: CAREERS_APPLY_RATE submissions per IP, counted in the shared cache.

What counts is what costs: a stored application or a bot's submission (the honeypot filled); a
person correcting a typo in the form is not held back by their own mistakes. If the cache is down
the form stays open and the outage is logged: losing applicants is worse.
"""

import logging

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)
GROUP = "careers-apply"


def _usage(request: HttpRequest, *, increment: bool) -> dict | None:
    try:
        return get_usage(
            request, group=GROUP, key="ip", rate=settings.CAREERS_APPLY_RATE, increment=increment
        )
    except Exception:
        logger.warning("Careers rate limit unavailable (cache error); the form stays open", exc_info=True)
        return None


def submission_retry_after(request: HttpRequest) -> int | None:
    """The seconds to wait when this address has used up its submissions, else None."""
    usage = _usage(request, increment=False)
    if usage and usage["count"] >= usage["limit"]:
        return max(int(usage["time_left"]), 1)
    return None


def submission_count(request: HttpRequest) -> None:
    _usage(request, increment=True)
