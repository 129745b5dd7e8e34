"""/metrics access and rendering: process metrics (multiprocess-aware) plus the database gauges."""

import hmac
import ipaddress
import os

from django.conf import settings
from django.http import HttpRequest
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess

from operations.collector import DatabaseCollector

_database_registry = CollectorRegistry(auto_describe=False)
_database_registry.register(DatabaseCollector())


def metrics_configured() -> bool:
    return bool(settings.METRICS_TOKEN or settings.METRICS_ALLOWED_IPS)


def metrics_allowed(request: HttpRequest) -> bool:
    """A bearer token equal to METRICS_TOKEN, or a client address within METRICS_ALLOWED_IPS."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    token = settings.METRICS_TOKEN
    presented = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    if token and presented and hmac.compare_digest(presented.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(allowed, strict=False) for allowed in settings.METRICS_ALLOWED_IPS
    )


def metrics_text() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        process_registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(process_registry)
    else:
        process_registry = REGISTRY
    return generate_latest(process_registry) + generate_latest(_database_registry)
