"""The answer to a path under /api/onef/ that no endpoint has."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # any method: a POST must get the JSON 404 too, not Django's CSRF page
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown paths under /api/onef/ answer JSON like every other error of the API."""
    return JsonResponse({"detail": f"No endpoint at {request.path}. See /api/onef/docs/."}, status=404)
