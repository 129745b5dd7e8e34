"""OpenAPI helpers: the error responses every endpoint documents, examples from the spec, and the
hook that keeps the schema to the OneF endpoints."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse

from onef_api.serializers import ErrorSerializer

API_PREFIX = "/api/onef/"
ERROR_DESCRIPTIONS = {
    400: 'Bad input: field errors (`{"field": ["message"]}`) or `{"detail": ...}`.',
    401: "No valid API key.",
    404: "Unknown or malformed id.",
    409: "The request conflicts with the current state.",
    422: "This `Idempotency-Key` was already used with a different request.",
    429: "Rate limit exceeded; see `Retry-After`, `RateLimit` and `RateLimit-Policy`.",
}


def with_errors(ok: dict, *codes: int) -> dict:
    """The success responses plus the documented errors (401 and 429 everywhere)."""
    responses = dict(ok)
    for code in sorted({401, 429, *codes}):
        body = OpenApiTypes.OBJECT if code == 400 else ErrorSerializer
        responses[code] = OpenApiResponse(body, description=ERROR_DESCRIPTIONS[code])
    return responses


SCHEMA_SETTINGS = {
    # 3.1 for the `webhooks` section; nullable fields read `type: [..., "null"]` there.
    "OAS_VERSION": "3.1.0",
    "PREPROCESSING_HOOKS": ["onef_api.schema.only_onef_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "onef_api.schema.either_key_header",
        "onef_api.schema.idempotency_key_header",
        "onef_api.schema.required_scope",
        # The webhook contract belongs to the webhooks app; named by path, as onef_api does not
        # import it.
        "webhooks.openapi.add_webhooks",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CandidateStatusEnum": "candidates.models.CandidateStatus",
        "AttemptStatusEnum": "tests_app.models.AttemptStatus",
    },
}


def only_onef_endpoints(endpoints: list) -> list:
    """The OneF endpoints, each once: without the trailing slash every route also answers to."""
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0].startswith(API_PREFIX) and not endpoint[0].endswith("/")
    ]


def either_key_header(result: dict, generator, request, public: bool) -> dict:
    """One key is enough: the Bearer header *or* X-API-Key (spectacular would require both)."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if isinstance(operation, dict) and "security" in operation:
                operation["security"] = [{"BearerApiKey": []}, {"HeaderApiKey": []}]
    return result


IDEMPOTENCY_PARAMETER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Makes a retry safe: the same key with the same request within 24 hours replays "
    "the first (successful) response with `Idempotent-Replayed: true` and has no second effect. The "
    "same key with another request is a 422; while the first is still running, a 409. Keys are per "
    "API key (per client IP without keys). A UUID per logical request is a good key.",
}
REPLAYED_HEADER = {
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored response of an earlier request with the same "
        "`Idempotency-Key`.",
        "schema": {"type": "string", "enum": ["true"]},
    }
}


def idempotency_key_header(result: dict, generator, request, public: bool) -> dict:
    """Every POST takes an optional Idempotency-Key and may answer 409 (in flight) or 422 (reused)."""
    error = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        operation = path.get("post")
        if operation is None:
            continue
        operation.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)
        responses = operation["responses"]
        for code, response in responses.items():
            if code.startswith("2"):
                response.setdefault("headers", {}).update(REPLAYED_HEADER)
        for code in (400, 409, 422):  # 400: a malformed key
            body = {"type": "object", "additionalProperties": {}} if code == 400 else error
            responses.setdefault(
                str(code),
                {"content": {"application/json": {"schema": body}}, "description": ERROR_DESCRIPTIONS[code]},
            )
        operation["responses"] = dict(sorted(responses.items()))
    return result


SCOPE_OF_METHOD = {"get": "read", "post": "write"}


def required_scope(result: dict, generator, request, public: bool) -> dict:
    """Each operation names the key scope it needs (`x-required-scope`) and documents the 403."""
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in SCOPE_OF_METHOD or "security" not in operation:
                continue
            scope = SCOPE_OF_METHOD[method]
            operation["x-required-scope"] = scope
            operation["responses"].setdefault(
                "403",
                {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    "description": f"The API key lacks the `{scope}` scope.",
                },
            )
            operation["responses"] = dict(sorted(operation["responses"].items()))
    return result


DASHBOARD_EXAMPLE = OpenApiExample(
    "Dashboard",
    value={
        "candidates_total": 1500,
        "candidates_new_today": 12,
        "active_vacancies": 45,
        "test_attempts_pending": 82,
        "recruitment_funnel": {
            "registered": 1500,
            "applied": 1420,
            "test_started": 800,
            "test_completed": 650,
            "hired": 52,
        },
    },
    response_only=True,
)
CANDIDATE_EXAMPLE_VALUE = {
    "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "telegram_id": 123456789,
    "fullname": "John Doe",
    "name": "John",
    "surname": "Doe",
    "email": "john@example.com",
    "phone": "+123456789",
    "dob": "1990-01-01",
    "status": "reviewing",
    "ai_rating": 85,
    "ai_comment": "Strong match based on experience.",
    "cv_filename": "cv.pdf",
    "created_at": "2026-02-11T12:00:00Z",
    "updated_at": "2026-02-11T12:10:00Z",
}
CANDIDATE_LIST_EXAMPLE = OpenApiExample("Candidates", value=[CANDIDATE_EXAMPLE_VALUE], response_only=True)
CANDIDATE_EXAMPLE = OpenApiExample("Candidate", value=CANDIDATE_EXAMPLE_VALUE, response_only=True)
STATUS_EXAMPLES = [
    OpenApiExample("Status change", value={"status": "reviewing"}, request_only=True),
    OpenApiExample(
        "Status changed",
        value={
            "id": CANDIDATE_EXAMPLE_VALUE["id"],
            "status": "reviewing",
            "updated_at": "2026-02-11T12:10:00Z",
        },
        response_only=True,
    ),
]
MESSAGE_VALUE = {
    "id": "9b2e1d3c-4f5a-4b6c-8d7e-0f1a2b3c4d5e",
    "candidate_id": CANDIDATE_EXAMPLE_VALUE["id"],
    "direction": "inbound",
    "text": "Hello!",
    "created_at": "2026-02-11T12:05:00Z",
    "is_read": True,
    "delivery_status": "",
}
CHAT_EXAMPLE = OpenApiExample("Chat history", value=MESSAGE_VALUE, response_only=True)
SEND_EXAMPLES = [
    OpenApiExample(
        "Send",
        value={
            "candidate_id": CANDIDATE_EXAMPLE_VALUE["id"],
            "text": "Your interview is scheduled for tomorrow.",
        },
        request_only=True,
    ),
    OpenApiExample(
        "Queued message",
        value={
            **MESSAGE_VALUE,
            "direction": "outbound",
            "text": "Your interview is scheduled for tomorrow.",
            "delivery_status": "queued",
        },
        response_only=True,
    ),
]
UNREAD_EXAMPLE = OpenApiExample("Unread", value={"unread_count": 5}, response_only=True)
INVITE_EXAMPLES = [
    OpenApiExample(
        "Invite",
        value={
            "candidate_id": CANDIDATE_EXAMPLE_VALUE["id"],
            "test_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "expires_in_hours": 48,
        },
        request_only=True,
    ),
    OpenApiExample(
        "Invitation",
        value={
            "id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
            "candidate_id": CANDIDATE_EXAMPLE_VALUE["id"],
            "test_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "status": "pending",
            "test_url": "https://your-recruitment-domain.com/t/kq3J0x9p-token/",
            "expires_at": "2026-02-13T12:00:00Z",
        },
        response_only=True,
    ),
]
CANDIDATE_STATUSES_EXAMPLE = OpenApiExample(
    "Candidate statuses", value={"id": "new", "label": "New"}, response_only=True
)
TEST_STATUSES_EXAMPLE = OpenApiExample(
    "Test statuses", value={"id": "pending", "label": "Pending (Invite Sent)"}, response_only=True
)
