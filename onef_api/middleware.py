"""Under /api/onef/, a body too large for the server is a 413 JSON error, not Django's HTML 400."""

from django.conf import settings
from django.http import HttpRequest, JsonResponse

API_PREFIX = "/api/onef/"


class ApiBodyLimitMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path.startswith(API_PREFIX):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return JsonResponse({"detail": "The Content-Length header is not a number."}, status=400)
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if length > limit:
                detail = f"The request body is larger than {limit} bytes."
                return JsonResponse({"detail": detail}, status=413)
        return self.get_response(request)
