"""Candidates: the list, one candidate, its CV, a status change and a new AI analysis."""

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from candidates import selectors as candidate_selectors
from candidates.models import Candidate
from candidates.screening import candidate_analyze
from candidates.services import candidate_status_change
from onef_api import bodies, filters, schema
from onef_api import selectors as onef_selectors
from onef_api import serializers as s
from onef_api.views.base import (
    OnefApiView,
    OnefListView,
    api_actor_label,
    candidate_not_found,
    get_candidate,
    list_schema,
    parse_uuid,
)


@extend_schema_view(
    get=list_schema(s.CandidateSerializer, summary="List candidates", examples=[schema.CANDIDATE_EXAMPLE])
)
class CandidateListView(OnefListView):
    serializer_class = s.CandidateSerializer
    filterset_class = filters.CandidateFilter
    ordering_fields = ["created_at", "updated_at", "fullname", "email", "status", "ai_rating"]
    ordering = ["-created_at", "-id"]
    stream_unpaged = True

    def get_queryset(self) -> QuerySet[Candidate]:
        return candidate_selectors.candidates_all()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Plain rows rendered by the JSON encoder: the same output as the serializer (its fields,
        # UTC times), several times faster on thousands of candidates.
        return super().filter_queryset(queryset).values(*s.CANDIDATE_FIELDS)

    def render_rows(self, rows: list) -> list:
        return rows


@extend_schema_view(
    get=extend_schema(
        summary="Get candidate details",
        description="The candidate, its applications, a CV download URL, the unread count and the "
        "10 latest attempts.",
        responses=schema.with_errors({200: s.CandidateDetailSerializer}, 404),
    )
)
class CandidateDetailView(OnefApiView):
    serializer_class = s.CandidateDetailSerializer

    def get(self, request: Request, candidate_id: str) -> Response:
        detail = onef_selectors.candidate_detail(candidate_id=parse_uuid(candidate_id, "candidate"))
        if detail is None:
            raise candidate_not_found(candidate_id)
        # Plain functions build the serializer's shape from rows (bodies.py; the serializer stays the schema).
        return Response(bodies.candidate_detail_body(request, detail))


@extend_schema_view(
    get=extend_schema(
        summary="Download the candidate's CV",
        responses=schema.with_errors(
            {(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)}, 404
        ),
    )
)
class CandidateCvView(OnefApiView):
    def get(self, request: Request, candidate_id: str) -> FileResponse:
        candidate = get_candidate(candidate_id)
        try:
            handle = candidate_selectors.candidate_cv_open(candidate=candidate)
        except candidate_selectors.CVUnavailable as error:
            raise exceptions.NotFound(str(error))
        return FileResponse(
            handle,
            as_attachment=True,
            filename=candidate.cv_filename or "cv",
            content_type="application/octet-stream",
        )


@extend_schema_view(
    post=extend_schema(
        summary="Update candidate status",
        request=s.StatusChangeSerializer,
        responses=schema.with_errors({200: s.StatusChangedSerializer}, 400, 404),
        examples=schema.STATUS_EXAMPLES,
    )
)
class CandidateStatusView(OnefApiView):
    serializer_class = s.StatusChangeSerializer

    def post(self, request: Request, candidate_id: str) -> Response:
        candidate = get_candidate(candidate_id)
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        candidate_status_change(
            candidate=candidate, status=payload.validated_data["status"], actor_label=api_actor_label(request)
        )
        return Response(s.StatusChangedSerializer(candidate).data)


@extend_schema_view(
    post=extend_schema(
        summary="Trigger AI analysis",
        description="Runs a new AI suitability analysis (of the current application when there is "
        "one) and returns the updated candidate.",
        request=None,
        responses=schema.with_errors({200: s.CandidateSerializer}, 404),
        examples=[schema.CANDIDATE_EXAMPLE],
    )
)
class CandidateAnalyzeView(OnefApiView):
    def post(self, request: Request, candidate_id: str) -> Response:
        candidate = get_candidate(candidate_id)
        application = candidate_selectors.candidate_current_application(candidate=candidate)
        candidate_analyze(candidate=candidate, application=application, actor_label=api_actor_label(request))
        candidate.refresh_from_db()
        return Response(s.CandidateSerializer(candidate).data)
