"""The candidate test pages under /t/<token>/: thin views over the attempt services.

The token in the path is the candidate's only credential; no cookie authenticates these URLs. CSRF
protection exists to stop a foreign page from riding on ambient cookies, which these endpoints do not
use, and `navigator.sendBeacon` cannot send a CSRF header anyway. So the POST endpoints are exempt
from the cookie-based check and instead refuse requests a browser marks as coming from another site.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.json_input import JsonInputError, json_parse
from tests_app import selectors, services
from tests_app.models import Attempt, AttemptStatus, Question

MAX_JSON_BYTES = 64 * 1024

View = Callable[..., HttpResponse]


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the URL: never leak it to other sites through the Referer, nor into indexes.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _unavailable(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    return _private(render(request, "tests_app/unavailable.html", {"reason": reason}, status=status))


def _is_cross_site(request: HttpRequest) -> bool:
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return False
    trusted = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    return f"{urlsplit(origin).scheme}://{urlsplit(origin).netloc}" not in trusted


def token_endpoint(view: View) -> View:
    """POST only, same-site only, with the attempt looked up by its token (404 JSON when unknown)."""

    @csrf_exempt
    @require_POST
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        if _is_cross_site(request):
            return JsonResponse({"error": "Cross-site requests are not accepted."}, status=403)
        attempt = selectors.attempt_get_by_token(token=token)
        if attempt is None:
            return JsonResponse({"error": "Unknown test link."}, status=404)
        return _private(view(request, attempt))

    return wrapper


def _json_body(request: HttpRequest) -> dict:
    if len(request.body) > MAX_JSON_BYTES:
        raise ValidationError("The request is too large.")
    try:
        data = json_parse(request.body or b"{}")
    except JsonInputError as error:
        raise ValidationError({error.field: error.message} if error.field else error.message) from None
    if not isinstance(data, dict):
        raise ValidationError("The body must be a JSON object.")
    return data


def _error(error: ValidationError, status: int = 400) -> JsonResponse:
    messages = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    text = " ".join(m for msgs in messages.values() for m in msgs)
    return JsonResponse({"error": text, "fields": messages}, status=status)


def _state(attempt: Attempt) -> dict:
    return {
        "status": selectors.attempt_public_status(attempt=attempt),
        "remaining_seconds": selectors.attempt_remaining_seconds(attempt=attempt),
        "finished": attempt.is_finished,
    }


@require_GET
@never_cache
def attempt_page(request: HttpRequest, token: str) -> HttpResponse:
    attempt = selectors.attempt_get_by_token(token=token)
    if attempt is None:
        return _unavailable(request, "unknown", 404)
    if attempt.status == AttemptStatus.PENDING:
        if attempt.expires_at <= timezone.now():
            return _unavailable(request, "expired", 410)
        return _private(
            render(
                request,
                "tests_app/landing.html",
                {
                    "attempt": attempt,
                    "test": attempt.test,
                    "question_count": attempt.test.questions.count(),
                    "escape_after": settings.TEST_ESCAPE_AFTER_SECONDS,
                },
            )
        )
    if attempt.status == AttemptStatus.IN_PROGRESS and attempt.deadline <= timezone.now():
        attempt = services.attempt_close_timeout(attempt=attempt)
    if attempt.is_finished:
        context = {"status": selectors.attempt_public_status(attempt=attempt), "test": attempt.test}
        return _private(render(request, "tests_app/finished.html", context))
    config = {
        "token": attempt.token,
        "remainingSeconds": selectors.attempt_remaining_seconds(attempt=attempt),
        "heartbeatSeconds": settings.TEST_HEARTBEAT_SECONDS,
        "urls": {
            name: reverse(f"tests_app:{name}", args=[attempt.token])
            for name in ["answer", "heartbeat", "events", "submit", "page"]
        },
    }
    context = {
        "attempt": attempt,
        "test": attempt.test,
        "questions": selectors.attempt_page_questions(attempt=attempt),
        "config": config,
    }
    return _private(render(request, "tests_app/take.html", context))


@csrf_exempt
@require_POST
def attempt_start(request: HttpRequest, token: str) -> HttpResponse:
    if _is_cross_site(request):
        return _unavailable(request, "cross_site", 403)
    attempt = selectors.attempt_get_by_token(token=token)
    if attempt is None:
        return _unavailable(request, "unknown", 404)
    if attempt.status == AttemptStatus.PENDING:
        try:
            services.attempt_start(attempt=attempt)
        except services.InvalidTransition:
            return _unavailable(request, "expired", 410)
    # A double click or a start after the start just shows the test (or its final page).
    return redirect("tests_app:page", token=token)


@token_endpoint
def answer_save(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    try:
        data = _json_body(request)
        question_id, choice_ids, text = (
            data.get("question_id"),
            data.get("choice_ids", []),
            data.get("text", ""),
        )
        if not isinstance(question_id, int) or isinstance(question_id, bool):
            raise ValidationError({"question_id": "Must be a question id."})
        if not isinstance(choice_ids, list) or not all(
            isinstance(c, int) and not isinstance(c, bool) for c in choice_ids
        ):
            raise ValidationError({"choice_ids": "Must be a list of choice ids."})
        if not isinstance(text, str):
            raise ValidationError({"text": "Must be text."})
        question = Question.objects.filter(pk=question_id, test_id=attempt.test_id).first()
        if question is None:
            return JsonResponse({"error": "This question is not part of the test."}, status=404)
        services.answer_save(attempt=attempt, question=question, choice_ids=choice_ids, text=text)
    except services.InvalidTransition as error:
        attempt.refresh_from_db()
        return JsonResponse({**_state(attempt), "error": " ".join(error.messages)}, status=409)
    except ValidationError as error:
        return _error(error)
    return JsonResponse({**_state(attempt), "saved": question_id})


@token_endpoint
def heartbeat(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    services.attempt_heartbeat(attempt=attempt)
    return JsonResponse(_state(attempt))


@token_endpoint
def events_record(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """Proctoring events, usually from `sendBeacon` as the page hides; they also count as a heartbeat."""
    try:
        data = _json_body(request)
        services.attempt_heartbeat(attempt=attempt)
        stored = services.proctor_events_record(attempt=attempt, events=data.get("events", []))
    except services.InvalidTransition as error:
        return JsonResponse({**_state(attempt), "error": " ".join(error.messages)}, status=409)
    except ValidationError as error:
        return _error(error)
    return JsonResponse({**_state(attempt), "stored": stored})


@token_endpoint
def submit(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    try:
        attempt = services.attempt_submit(attempt=attempt)
    except services.InvalidTransition as error:
        return JsonResponse({**_state(attempt), "error": " ".join(error.messages)}, status=409)
    return JsonResponse({**_state(attempt), "redirect": reverse("tests_app:page", args=[attempt.token])})
