"""What every endpoint shares: key authentication, the rate limit, JSON errors, lists and ids."""

import uuid

from django.http import StreamingHttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from candidates.models import Candidate
from core.json_input import short
from onef_api import filters, schema
from onef_api.authentication import ApiKeyAuthentication, HasApiKey
from onef_api.exceptions import exception_handler
from onef_api.models import ApiKey
from onef_api.pagination import DEFAULT_LIMIT, PAGE_PARAMETERS, Page, headers_of, is_unpaged, paginate
from onef_api.ratelimit import rate_limit_check
from onef_api.streaming import stream_or_rows
from onef_api.views import idempotency


def parse_uuid(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise exceptions.NotFound(f"No {what} with id {short(value)!r}.")


def parse_int_id(value: str, what: str) -> int:
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= filters.MAX_DB_INT:
        raise exceptions.NotFound(f"No {what} with id {short(value)!r}.")
    return int(value)


def api_actor_label(request: Request) -> str:
    """Who did it, for the candidate's history: "API key <name>", or "API" in the open mode."""
    api_key = request.auth
    return f"API key {api_key.name}" if isinstance(api_key, ApiKey) else "API"


def candidate_not_found(candidate_id: str) -> exceptions.NotFound:
    """404 for an unknown id; for the stub a merge left, the detail names the candidate it joined."""
    kept = Candidate.objects.filter(pk=parse_uuid(candidate_id, "candidate")).values_list(
        "merged_into", flat=True
    )
    if kept and kept[0] is not None:
        return exceptions.NotFound(f"Candidate {candidate_id} was merged into candidate {kept[0]}.")
    return exceptions.NotFound(f"No candidate with id {short(candidate_id)!r}.")


def get_candidate(candidate_id: str) -> Candidate:
    candidate = Candidate.objects.filter(pk=parse_uuid(candidate_id, "candidate")).first()
    if candidate is None or candidate.merged_into_id is not None:
        raise candidate_not_found(candidate_id)
    return candidate


# The docstrings of these two classes are the schema's description of every endpoint without one of
# its own (drf-spectacular reads them): docs/openapi.yaml changes with them.
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

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if request.method == "POST":
            record = idempotency.begin(request)
            if record is not None:
                idempotency.wrap(self, record)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, idempotency.Replay):
            return idempotency.replayed(exc.record)
        return super().handle_exception(exc)

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
    # Lists whose rows are plain values (render_rows returns them as they are) may be streamed.
    stream_unpaged = False

    def get(self, request: Request, *args, **kwargs) -> Response | StreamingHttpResponse:
        queryset = self.filter_queryset(self.get_queryset())
        if self.stream_unpaged and is_unpaged(request):
            streamed, rows = stream_or_rows(request, queryset)
            if streamed is not None:
                return streamed
            page = Page(rows, headers_of(request, len(rows), None, DEFAULT_LIMIT))
        else:
            page = paginate(request, queryset)
        return Response(self.render_rows(page.rows), headers=page.headers)

    def render_rows(self, rows: list) -> list:
        return self.get_serializer(rows, many=True).data


def list_schema(serializer, *errors: int, **kwargs):
    """The schema of a list: `page`/`limit`, an array of `serializer`, 400 and the given errors."""
    return extend_schema(
        parameters=PAGE_PARAMETERS,
        responses=schema.with_errors({200: serializer(many=True)}, 400, *errors),
        **kwargs,
    )
