"""Attempts: all of them, one candidate's, and the detailed result of one."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from onef_api import filters, schema
from onef_api import serializers as s
from onef_api.views.base import OnefApiView, OnefListView, get_candidate, list_schema, parse_uuid
from tests_app import selectors as test_selectors
from tests_app.models import Attempt

ATTEMPT_ORDERING_FIELDS = ["created_at", "updated_at", "status", "percentage"]


@extend_schema_view(get=list_schema(s.AttemptSerializer, summary="List all attempts"))
class AttemptListView(OnefListView):
    serializer_class = s.AttemptSerializer
    filterset_class = filters.AttemptFilter
    ordering_fields = ATTEMPT_ORDERING_FIELDS
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return test_selectors.attempts_all()


@extend_schema_view(get=list_schema(s.AttemptSerializer, 404, summary="Get candidate attempts"))
class CandidateAttemptListView(OnefListView):
    serializer_class = s.AttemptSerializer
    filterset_class = filters.CandidateAttemptFilter
    ordering_fields = ATTEMPT_ORDERING_FIELDS
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no candidate
            return Attempt.objects.none()
        return test_selectors.attempts_of_candidate(candidate=get_candidate(self.kwargs["candidate_id"]))


@extend_schema_view(
    get=extend_schema(
        summary="Get detailed attempt result",
        responses=schema.with_errors({200: s.AttemptDetailSerializer}, 404),
    )
)
class AttemptDetailView(OnefApiView):
    serializer_class = s.AttemptDetailSerializer

    def get(self, request: Request, attempt_id: str) -> Response:
        attempt = test_selectors.attempt_result(attempt_id=parse_uuid(attempt_id, "attempt"))
        if attempt is None:
            raise exceptions.NotFound(f"No attempt with id {attempt_id!r}.")
        attempt.question_results = test_selectors.attempt_question_results(attempt=attempt)
        attempt.proctoring = test_selectors.proctoring_summary(attempt=attempt)
        return Response(self.get_serializer(attempt).data)
