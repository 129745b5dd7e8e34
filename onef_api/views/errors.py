"""The answer to a path under /api/onef/ that no endpoint has."""

from django.http import HttpRequest, JsonResponse


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown paths under /api/onef/ answer JSON like every other error of the API."""
    return JsonResponse({"detail": f"No endpoint at {request.path}. See /api/onef/docs/."}, status=404)
