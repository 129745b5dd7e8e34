"""The answer to a path under /api/onef/ that no endpoint has."""

from django.http import HttpRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # any method: a POST must get the JSON 404 too, not Django's CSRF page
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown paths under /api/onef/ answer JSON like every other error of the API."""
    detail = f"No endpoint at {request.path}. See /api/onef/docs/."
    if request.path.endswith("/") and _resolves(request.path.rstrip("/")):
        detail = f"No endpoint at {request.path}: the API paths have no trailing slash, use {request.path.rstrip('/')}."
    return JsonResponse({"detail": detail}, status=404)


def _resolves(path: str) -> bool:
    try:
        return resolve(path).func is not not_found
    except Resolver404:
        return False
