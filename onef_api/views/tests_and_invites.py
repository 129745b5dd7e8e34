"""Technical tests: the active ones, and inviting a candidate to one."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from candidates.models import Candidate
from onef_api import filters, schema
from onef_api import serializers as s
from onef_api.services import invitation_get_or_create
from onef_api.views.base import OnefApiView, OnefListView, api_actor_label, list_schema
from tests_app import selectors as test_selectors
from tests_app.models import Test


@extend_schema_view(get=list_schema(s.TestSerializer, summary="List active tests"))
class TestListView(OnefListView):
    serializer_class = s.TestSerializer
    filterset_class = filters.TestFilter
    ordering_fields = ["title", "created_at", "updated_at"]
    ordering = ["title", "id"]

    def get_queryset(self):
        return test_selectors.tests_active()


@extend_schema_view(
    post=extend_schema(
        summary="Create test invitation",
        description="Creates the pending attempt; `test_url` carries its token. `expires_in_hours` "
        "is 1..720 (48 by default); an inactive test is refused. When the candidate already has a "
        "pending, unexpired invitation to this test, that invitation is returned (200) and nothing "
        "is sent.",
        responses=schema.with_errors({200: s.InvitationSerializer, 201: s.InvitationSerializer}, 400),
        examples=schema.INVITE_EXAMPLES,
    )
)
class InviteView(OnefApiView):
    serializer_class = s.InviteSerializer

    def post(self, request: Request) -> Response:
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        candidate = Candidate.objects.filter(pk=data["candidate_id"], merged_into__isnull=True).first()
        test = Test.objects.filter(pk=data["test_id"]).first()
        errors = {}
        if candidate is None:
            errors["candidate_id"] = ["No candidate with this id."]
        if test is None:
            errors["test_id"] = ["No test with this id."]
        if errors:
            raise exceptions.ValidationError(errors)
        attempt, created = invitation_get_or_create(
            candidate=candidate,
            test=test,
            expires_in_hours=data["expires_in_hours"],
            extra_minutes=data["extra_minutes"],
            actor_label=api_actor_label(request),
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(s.InvitationSerializer(attempt).data, status=code)
