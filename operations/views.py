"""Operational endpoints: readiness for orchestrators and load balancers."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from operations.readiness import readiness_checks


@never_cache
@require_GET
def readyz(request):
    """200 when the database, the cache and the broker all answer; 503 naming the one that does not."""
    checks = readiness_checks()
    ready = all(check.up for check in checks)
    body = {
        "status": "ready" if ready else "unavailable",
        "checks": {check.name: check.as_dict() for check in checks},
    }
    return JsonResponse(body, status=200 if ready else 503)
