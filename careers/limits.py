"""The web form's rate limit: CAREERS_APPLY_RATE submissions per IP, counted in the shared cache.

If the cache is down the form stays open and the outage is logged: losing applicants is worse.
"""

import logging

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)
GROUP = "careers-apply"


def submission_retry_after(request: HttpRequest) -> int | None:
    """Count this submission; the seconds to wait when over the limit, else None."""
    try:
        usage = get_usage(request, group=GROUP, key="ip", rate=settings.CAREERS_APPLY_RATE, increment=True)
    except Exception:
        logger.warning("Careers rate limit unavailable (cache error); the form stays open", exc_info=True)
        return None
    if usage and usage["should_limit"]:
        return max(int(usage["time_left"]), 1)
    return None
