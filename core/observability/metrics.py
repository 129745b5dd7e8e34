"""Process metrics (prometheus-client): HTTP requests per route and status, rate-limit refusals.

With PROMETHEUS_MULTIPROC_DIR set (gunicorn with several workers), prometheus-client writes these
to files in that folder and /metrics sums every worker's; without it each process counts alone, so
a scrape sees only the worker that answered it (fine for one process, wrong for several).
Values that live in the database (outbox, messages, attempts) are computed at scrape time instead
(operations.collector), so they are right however many processes there are.
"""

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter(
    "http_requests_total",
    "HTTP requests answered, per route pattern, method and status.",
    ["route", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time to answer an HTTP request, per route pattern and status.",
    ["route", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
RATE_LIMIT_REFUSALS = Counter(
    "onef_api_rate_limited_total",
    "API requests refused with 429, per client (key:<id> or ip:<address>).",
    ["client"],
)
UNMATCHED = "unmatched"


def route_of(request: HttpRequest) -> str:
    """The URL pattern (`api/onef/candidates/<uuid:pk>`), never the raw path: bounded label values."""
    match = getattr(request, "resolver_match", None)
    return match.route if match is not None and match.route else UNMATCHED


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        labels = (route_of(request), request.method, str(response.status_code))
        HTTP_REQUESTS.labels(*labels).inc()
        HTTP_LATENCY.labels(*labels).observe(time.perf_counter() - started)
        return response
