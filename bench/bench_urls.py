"""The project's URLs plus the benchmark's reference views (bench/api_http.py):

- /bench/minimal: a bare Django JsonResponse, the ceiling of any Django view on this machine;
- /bench/auth: the API's own stack (key authentication, rate limiter, renderer) with no data, behind
  the whole browser middleware (the path is not under /api/);
- /api/bench/auth: the same view under /api/, where the browser's middleware steps aside (issue 30);
- /api/bench/minimal: the JsonResponse under /api/: what the middleware kept for the API costs;
- /api/bench/floor/<id>: the candidate detail's own work (key, limiter, its three reads, its body)
  in a plain view with no DRF: how far a hand-written detail could go under that middleware.
"""

import uuid

from django.http import JsonResponse
from django.urls import include, path
from rest_framework.response import Response

from onef_api import bodies
from onef_api.authentication import presented_key
from onef_api.ratelimit import limiter
from onef_api.selectors import api_key_for_raw, candidate_detail
from onef_api.views import OnefApiView


def minimal(request):
    return JsonResponse({"ok": True})


def api_floor(request, candidate_id: str):
    request._auth = api_key_for_raw(presented_key(request))
    limiter.check(request)
    detail = candidate_detail(candidate_id=uuid.UUID(candidate_id))
    return JsonResponse(bodies.candidate_detail_body(request, detail))


class AuthOnly(OnefApiView):
    def get(self, request):
        return Response({"ok": True})


urlpatterns = [
    path("bench/minimal", minimal),
    path("bench/auth", AuthOnly.as_view()),
    path("api/bench/auth", AuthOnly.as_view()),
    path("api/bench/minimal", minimal),
    path("api/bench/floor/<str:candidate_id>", api_floor),
    path("", include("recruitment.urls")),
]
