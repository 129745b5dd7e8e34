"""GET /dashboard: the counters and the recruitment funnel."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from onef_api import schema
from onef_api import selectors as api_selectors
from onef_api import serializers as s
from onef_api.views.base import OnefApiView


@extend_schema_view(
    get=extend_schema(
        summary="Dashboard stats",
        responses=schema.with_errors({200: s.DashboardSerializer}),
        examples=[schema.DASHBOARD_EXAMPLE],
    )
)
class DashboardView(OnefApiView):
    def get(self, request: Request) -> Response:
        return Response(api_selectors.dashboard_stats())
