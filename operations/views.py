"""Operational endpoints: readiness for orchestrators and load balancers, metrics for Prometheus."""

from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from operations.metrics import metrics_allowed, metrics_configured, metrics_text
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


@never_cache
@require_GET
def metrics(request):
    """Prometheus text format; 404 unless METRICS_TOKEN or METRICS_ALLOWED_IPS is set, 403 without them."""
    if not metrics_configured():
        raise Http404("Metrics are not enabled (set METRICS_TOKEN or METRICS_ALLOWED_IPS).")
    if not metrics_allowed(request):
        return HttpResponseForbidden("Send Authorization: Bearer <METRICS_TOKEN>.", content_type="text/plain")
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
