"""The project's URLs plus the benchmark's reference views (bench/api_http.py):

- /bench/minimal: a bare Django JsonResponse, the ceiling of any Django view on this machine;
- /bench/auth: the API's own stack (key authentication, rate limiter, renderer) with no data, behind
  the whole browser middleware (the path is not under /api/);
- /api/bench/auth: the same view under /api/, where the browser's middleware steps aside (issue 30).
"""

from django.http import JsonResponse
from django.urls import include, path
from rest_framework.response import Response

from onef_api.views import OnefApiView


def minimal(request):
    return JsonResponse({"ok": True})


class AuthOnly(OnefApiView):
    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("bench/minimal", minimal),
    path("bench/auth", AuthOnly.as_view()),
    path("api/bench/auth", AuthOnly.as_view()),
    path("", include("recruitment.urls")),
]
