"""The OneF REST API v2 (spec section 3). Views validate, call a selector or service, and render."""

import uuid

from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, JsonResponse
from django.urls import Resolver404, resolve
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from candidates import selectors as candidate_selectors
from candidates.models import Candidate, CandidateStatus
from candidates.screening import candidate_analyze
from candidates.services import candidate_status_change
from messaging import selectors as message_selectors
from messaging.models import Message
from messaging.services import message_send, messages_mark_read
from onef_api import filters, schema
from onef_api import selectors as api_selectors
from onef_api import serializers as s
from onef_api.authentication import ApiKeyAuthentication, HasApiKey
from onef_api.exceptions import exception_handler
from onef_api.pagination import PAGE_PARAMETERS, paginate
from onef_api.ratelimit import rate_limit_check
from tests_app import selectors as test_selectors
from tests_app.models import Attempt, AttemptStatus, Test
from tests_app.services import attempt_invite

MAX_DB_INT = filters.MAX_DB_INT


def parse_uuid(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise exceptions.NotFound(f"No {what} with id {value!r}.")


def parse_int_id(value: str, what: str) -> int:
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_DB_INT:
        raise exceptions.NotFound(f"No {what} with id {value!r}.")
    return int(value)


def get_candidate(candidate_id: str) -> Candidate:
    candidate = Candidate.objects.filter(pk=parse_uuid(candidate_id, "candidate")).first()
    if candidate is None:
        raise exceptions.NotFound(f"No candidate with id {candidate_id!r}.")
    return candidate


class OnefApiView(GenericAPIView):
    """Key authentication, the per-client rate limit, and JSON errors for every endpoint."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasApiKey]
    filter_backends: list = []
    pagination_class = None
    rate_usage = None

    def get_exception_handler(self):
        return exception_handler

    def perform_authentication(self, request: Request) -> None:
        # The limit is counted after authentication (a valid key has its own budget) but before
        # the permission check, so rejected keys are limited too, per IP.
        try:
            super().perform_authentication(request)
        finally:
            self.rate_usage = rate_limit_check(request)

    def permission_denied(self, request: Request, message: str | None = None, code: str | None = None):
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(detail=message)
        raise exceptions.PermissionDenied(detail=message, code=code)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.rate_usage is not None and response.status_code != status.HTTP_429_TOO_MANY_REQUESTS:
            for name, value in self.rate_usage.headers().items():
                response[name] = value
        return response


class OnefListView(OnefApiView):
    """A list: filters, `ordering`, and `page`/`limit` with X-Total-Count and Link headers."""

    filter_backends = [DjangoFilterBackend, filters.StrictOrderingFilter]

    def get(self, request: Request, *args, **kwargs) -> Response:
        page = paginate(request, self.filter_queryset(self.get_queryset()))
        return Response(self.render_rows(page.rows), headers=page.headers)

    def render_rows(self, rows: list) -> list:
        return self.get_serializer(rows, many=True).data


def list_schema(serializer, *errors: int, **kwargs):
    return extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=schema.with_errors({200: serializer(many=True)}, 400, *errors),
        **kwargs,
    )


# --- Dashboard --------------------------------------------------------------------------------
class DashboardView(OnefApiView):
    @extend_schema(
        summary="Dashboard stats",
        responses=schema.with_errors({200: s.DashboardSerializer}),
        examples=[schema.DASHBOARD_EXAMPLE],
    )
    def get(self, request: Request) -> Response:
        return Response(api_selectors.dashboard_stats())


# --- Candidates -------------------------------------------------------------------------------
class CandidateListView(OnefListView):
    serializer_class = s.CandidateSerializer
    filterset_class = filters.CandidateFilter
    ordering_fields = ["created_at", "updated_at", "fullname", "email", "status", "ai_rating"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[Candidate]:
        return candidate_selectors.candidates_all()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Plain rows rendered by the JSON encoder: the same output as the serializer (its fields,
        # UTC times), several times faster on thousands of candidates.
        return super().filter_queryset(queryset).values(*s.CANDIDATE_FIELDS)

    def render_rows(self, rows: list) -> list:
        return rows

    @list_schema(s.CandidateSerializer, summary="List candidates", examples=[schema.CANDIDATE_EXAMPLE])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class CandidateDetailView(OnefApiView):
    serializer_class = s.CandidateDetailSerializer

    @extend_schema(
        summary="Get candidate details",
        description="The candidate, its applications, a CV download URL, the unread count and the "
        "10 latest attempts.",
        responses=schema.with_errors({200: s.CandidateDetailSerializer}, 404),
    )
    def get(self, request: Request, candidate_id: str) -> Response:
        candidate = candidate_selectors.candidate_profile(candidate_id=parse_uuid(candidate_id, "candidate"))
        if candidate is None:
            raise exceptions.NotFound(f"No candidate with id {candidate_id!r}.")
        candidate.unread_count = message_selectors.unread_count_of(candidate=candidate)
        candidate.latest_attempts = test_selectors.attempts_latest(candidate=candidate)
        return Response(self.get_serializer(candidate).data)


class CandidateCvView(OnefApiView):
    @extend_schema(
        summary="Download the candidate's CV",
        responses=schema.with_errors(
            {(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)}, 404
        ),
    )
    def get(self, request: Request, candidate_id: str) -> FileResponse:
        candidate = get_candidate(candidate_id)
        if not candidate.cv_file:
            raise exceptions.NotFound("This candidate has no CV.")
        try:
            handle = candidate.cv_file.open("rb")
        except OSError:
            raise exceptions.NotFound("The CV file of this candidate is missing.")
        return FileResponse(
            handle,
            as_attachment=True,
            filename=candidate.cv_filename or "cv",
            content_type="application/octet-stream",
        )


class CandidateStatusView(OnefApiView):
    serializer_class = s.StatusChangeSerializer

    @extend_schema(
        summary="Update candidate status",
        request=s.StatusChangeSerializer,
        responses=schema.with_errors({200: s.StatusChangedSerializer}, 400, 404),
        examples=schema.STATUS_EXAMPLES,
    )
    def post(self, request: Request, candidate_id: str) -> Response:
        candidate = get_candidate(candidate_id)
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        candidate_status_change(candidate=candidate, status=payload.validated_data["status"])
        return Response(s.StatusChangedSerializer(candidate).data)


class CandidateAnalyzeView(OnefApiView):
    @extend_schema(
        summary="Trigger AI analysis",
        description="Runs a new AI suitability analysis (of the latest application when there is "
        "one) and returns the updated candidate.",
        request=None,
        responses=schema.with_errors({200: s.CandidateSerializer}, 404),
        examples=[schema.CANDIDATE_EXAMPLE],
    )
    def post(self, request: Request, candidate_id: str) -> Response:
        candidate = get_candidate(candidate_id)
        application = candidate_selectors.candidate_latest_application(candidate=candidate)
        candidate_analyze(candidate=candidate, application=application)
        candidate.refresh_from_db()
        return Response(s.CandidateSerializer(candidate).data)


class CandidateAttemptListView(OnefListView):
    serializer_class = s.AttemptSerializer
    filterset_class = filters.CandidateAttemptFilter
    ordering_fields = ["created_at", "updated_at", "status", "percentage"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no candidate
            return Attempt.objects.none()
        return test_selectors.attempts_of_candidate(candidate=get_candidate(self.kwargs["candidate_id"]))

    @list_schema(s.AttemptSerializer, 404, summary="Get candidate attempts")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


# --- Chat -------------------------------------------------------------------------------------
class ConversationView(OnefListView):
    serializer_class = s.MessageSerializer
    filterset_class = filters.MessageFilter
    ordering_fields = ["created_at"]
    ordering = ["created_at", "id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        candidate = get_candidate(self.kwargs["candidate_id"])
        messages_mark_read(candidate=candidate)
        return message_selectors.conversation(candidate=candidate)

    @list_schema(
        s.MessageSerializer,
        404,
        summary="Get chat history",
        description="All messages of the candidate, oldest first. Inbound messages are marked read "
        "by this request and returned as read.",
        examples=[schema.CHAT_EXAMPLE],
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class MessageSendView(OnefApiView):
    serializer_class = s.MessageSendSerializer

    @extend_schema(
        summary="Send message",
        description="Stores the outbound message (delivery queued) and hands it to the Telegram "
        "sender. 409 when the candidate has no Telegram account linked.",
        responses=schema.with_errors({201: s.MessageSerializer}, 400, 409),
        examples=schema.SEND_EXAMPLES,
    )
    def post(self, request: Request) -> Response:
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        candidate = Candidate.objects.filter(pk=payload.validated_data["candidate_id"]).first()
        if candidate is None:
            raise exceptions.ValidationError({"candidate_id": ["No candidate with this id."]})
        with transaction.atomic():
            message = message_send(candidate=candidate, text=payload.validated_data["text"])
        return Response(s.MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class UnreadCountView(OnefApiView):
    @extend_schema(
        summary="Global unread count",
        responses=schema.with_errors({200: s.UnreadCountSerializer}),
        examples=[schema.UNREAD_EXAMPLE],
    )
    def get(self, request: Request) -> Response:
        return Response({"unread_count": message_selectors.unread_count()})


# --- Tests and invitations ----------------------------------------------------------------------
class TestListView(OnefListView):
    serializer_class = s.TestSerializer
    filterset_class = filters.TestFilter
    ordering_fields = ["title", "created_at", "updated_at"]
    ordering = ["title", "id"]

    def get_queryset(self):
        return test_selectors.tests_active()

    @list_schema(s.TestSerializer, summary="List active tests")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class InviteView(OnefApiView):
    serializer_class = s.InviteSerializer

    @extend_schema(
        summary="Create test invitation",
        description="Creates the pending attempt; `test_url` carries its token. `expires_in_hours` "
        "is 1..720 (48 by default); an inactive test is refused.",
        responses=schema.with_errors({201: s.InvitationSerializer}, 400),
        examples=schema.INVITE_EXAMPLES,
    )
    def post(self, request: Request) -> Response:
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        candidate = Candidate.objects.filter(pk=data["candidate_id"]).first()
        test = Test.objects.filter(pk=data["test_id"]).first()
        errors = {}
        if candidate is None:
            errors["candidate_id"] = ["No candidate with this id."]
        if test is None:
            errors["test_id"] = ["No test with this id."]
        if errors:
            raise exceptions.ValidationError(errors)
        with transaction.atomic():
            attempt = attempt_invite(
                candidate=candidate, test=test, expires_in_hours=data["expires_in_hours"]
            )
        return Response(s.InvitationSerializer(attempt).data, status=status.HTTP_201_CREATED)


class AttemptListView(OnefListView):
    serializer_class = s.AttemptSerializer
    filterset_class = filters.AttemptFilter
    ordering_fields = ["created_at", "updated_at", "status", "percentage"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return test_selectors.attempts_all()

    @list_schema(s.AttemptSerializer, summary="List all attempts")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class AttemptDetailView(OnefApiView):
    serializer_class = s.AttemptDetailSerializer

    @extend_schema(
        summary="Get detailed attempt result",
        responses=schema.with_errors({200: s.AttemptDetailSerializer}, 404),
    )
    def get(self, request: Request, attempt_id: str) -> Response:
        attempt = test_selectors.attempt_result(attempt_id=parse_uuid(attempt_id, "attempt"))
        if attempt is None:
            raise exceptions.NotFound(f"No attempt with id {attempt_id!r}.")
        attempt.question_results = test_selectors.attempt_question_results(attempt=attempt)
        attempt.proctoring = test_selectors.proctoring_summary(attempt=attempt)
        return Response(self.get_serializer(attempt).data)


# --- Vacancies --------------------------------------------------------------------------------
class VacancyListView(OnefListView):
    serializer_class = s.VacancySerializer
    filterset_class = filters.VacancyFilter
    ordering_fields = ["name", "created_at", "updated_at"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return candidate_selectors.vacancies_published()

    @list_schema(s.VacancySerializer, summary="List published vacancies")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class VacancyDetailView(OnefApiView):
    serializer_class = s.VacancySerializer

    @extend_schema(
        summary="Get vacancy details",
        description="Any vacancy, also one no longer published (see `is_published`).",
        responses=schema.with_errors({200: s.VacancySerializer}, 404),
    )
    def get(self, request: Request, vacancy_id: str) -> Response:
        vacancy = candidate_selectors.vacancies_all().filter(pk=parse_int_id(vacancy_id, "vacancy")).first()
        if vacancy is None:
            raise exceptions.NotFound(f"No vacancy with id {vacancy_id!r}.")
        return Response(self.get_serializer(vacancy).data)


# --- Dictionaries -----------------------------------------------------------------------------
class DictionaryView(OnefApiView):
    choices: type = CandidateStatus

    def get(self, request: Request) -> Response:
        page = paginate(request, [{"id": value, "label": label} for value, label in self.choices.choices])
        return Response(page.rows, headers=page.headers)


class CandidateStatusesView(DictionaryView):
    choices = CandidateStatus

    @list_schema(
        s.DictionaryEntrySerializer,
        summary="Candidate statuses",
        examples=[schema.CANDIDATE_STATUSES_EXAMPLE],
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


class TestStatusesView(DictionaryView):
    choices = AttemptStatus

    @list_schema(
        s.DictionaryEntrySerializer, summary="Test statuses", examples=[schema.TEST_STATUSES_EXAMPLE]
    )
    def get(self, request: Request) -> Response:
        return super().get(request)


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
