"""The candidate test pages under /t/<token>/: thin views over the attempt services.

The token in the path is the candidate's only credential; no cookie authenticates these URLs. CSRF
protection exists to stop a foreign page from riding on ambient cookies, which these endpoints do not
use, and `navigator.sendBeacon` cannot send a CSRF header anyway. So the POST endpoints are exempt
from the cookie-based check and instead refuse requests a browser marks as coming from another site.

Every answer is a clear one, never a 500: the JSON endpoints answer 404 when the attempt is gone
(unknown, or deleted, even while the request runs), 410 when it is over (finished, out of time), 409
when it has not been started, 400 with the field errors for a bad body. The two pages a browser
navigates to (the page itself and the start form) answer the same cases with a readable page.
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
from rest_framework.settings import api_settings

from core.json_input import JsonInputError, json_parse
from tests_app import devices, selectors, services
from tests_app.language import candidate_language_activate
from tests_app.middleware import is_mini_app
from tests_app.models import Attempt, AttemptStatus, Question
from tests_app.serializers import AnswerSerializer, ProctorEventsSerializer

MAX_JSON_BYTES = 64 * 1024
GONE_MESSAGE = "Unknown test link."
# The state of an attempt that does not exist (any more): the page stops and reloads.
GONE_STATE = {"status": "gone", "remaining_seconds": 0, "finished": True}
MOVED_MESSAGE = "This test continues on another device."

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


def _state(attempt: Attempt) -> dict:
    return {
        "status": selectors.attempt_public_status(attempt=attempt),
        "remaining_seconds": selectors.attempt_remaining_seconds(attempt=attempt),
        "finished": attempt.is_finished,
    }


def _refused(error: services.InvalidTransition, attempt: Attempt) -> JsonResponse:
    """409 (not started yet) or 410 (over), with the attempt's state as the service read it."""
    status = 410 if isinstance(error, services.AttemptClosed) else 409
    return JsonResponse(
        {**_state(error.attempt or attempt), "error": " ".join(error.messages)}, status=status
    )


def _invalid(error: ValidationError) -> JsonResponse:
    messages = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    text = " ".join(m for msgs in messages.values() for m in msgs)
    return JsonResponse({"error": text, "fields": messages}, status=400)


def token_endpoint(view: View) -> View:
    """POST only, same-site only, the attempt looked up by its token; the services' refusals as JSON."""

    @csrf_exempt
    @require_POST
    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        if _is_cross_site(request):
            return JsonResponse({"error": "Cross-site requests are not accepted."}, status=403)
        attempt = selectors.attempt_get_by_token(token=token)
        try:
            if attempt is None:
                raise services.AttemptGone(GONE_MESSAGE)
            if devices.held_elsewhere(request, attempt):
                return _private(_moved(attempt))
            response = view(request, attempt)
        except services.AttemptGone:
            response = JsonResponse({**GONE_STATE, "error": GONE_MESSAGE}, status=404)
        except services.InvalidTransition as error:
            response = _refused(error, attempt)
        except ValidationError as error:
            response = _invalid(error)
        return _private(response)

    return wrapper


def _moved(attempt: Attempt) -> JsonResponse:
    """409 for a browser the attempt moved away from: the page stops and says where the test went."""
    return JsonResponse(
        {**_state(attempt), "status": "moved", "moved": True, "error": MOVED_MESSAGE}, status=409
    )


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


def _validated(serializer_class: type, request: HttpRequest) -> dict:
    serializer = serializer_class(data=_json_body(request))
    if not serializer.is_valid():
        raise ValidationError(_flat_errors(serializer.errors))
    return serializer.validated_data


def _flat_errors(errors: object, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as {field: [messages]}; nested fields are named like `events.2.kind`."""
    if isinstance(errors, dict):
        items = list(errors.items())
    elif isinstance(errors, list) and any(isinstance(error, dict | list) for error in errors):
        items = [(index, error) for index, error in enumerate(errors) if error]
    else:
        return {prefix or "detail": [str(error) for error in errors]}
    flat: dict[str, list[str]] = {}
    for name, error in items:
        key = (
            prefix
            if name == api_settings.NON_FIELD_ERRORS_KEY
            else ".".join(filter(None, [prefix, str(name)]))
        )
        for field, messages in _flat_errors(error, key).items():
            flat.setdefault(field, []).extend(messages)
    return flat


@require_GET
@never_cache
def attempt_page(request: HttpRequest, token: str) -> HttpResponse:
    attempt = selectors.attempt_get_by_token(token=token)
    try:
        if attempt is None:
            raise services.AttemptGone(GONE_MESSAGE)
        candidate_language_activate(request=request, attempt=attempt)
        if attempt.status == AttemptStatus.PENDING:
            return _landing(request, attempt)
        attempt = services.attempt_close_if_due(attempt=attempt)
    except services.AttemptClosed as closed:
        attempt = closed.attempt or attempt
    except services.AttemptGone:
        return _unavailable(request, "unknown", 404)
    if attempt.is_finished:
        context = {"status": selectors.attempt_public_status(attempt=attempt), "test": attempt.test}
        return _private(render(request, "tests_app/finished.html", context))
    if devices.held_elsewhere(request, attempt):
        context = {"attempt": attempt, "test": attempt.test, "device": attempt.device_label}
        return _private(render(request, "tests_app/elsewhere.html", context, status=409))
    return _private(render(request, "tests_app/take.html", _take_context(attempt)))


def _landing(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    if attempt.expires_at <= timezone.now():
        return _unavailable(request, "expired", 410)
    context = {
        "attempt": attempt,
        "test": attempt.test,
        "question_count": attempt.test.questions.count(),
        "minutes": attempt.total_minutes,
        "escape_minutes": max(1, settings.TEST_ESCAPE_AFTER_SECONDS // 60),
    }
    return _private(render(request, "tests_app/landing.html", context))


def _take_context(attempt: Attempt) -> dict:
    config = {
        "token": attempt.token,
        "remainingSeconds": selectors.attempt_remaining_seconds(attempt=attempt),
        "heartbeatSeconds": settings.TEST_HEARTBEAT_SECONDS,
        "urls": {
            name: reverse(f"tests_app:{name}", args=[attempt.token])
            for name in ["answer", "heartbeat", "events", "submit", "page"]
        },
    }
    return {
        "attempt": attempt,
        "test": attempt.test,
        "questions": selectors.attempt_page_questions(attempt=attempt),
        "config": config,
    }


@csrf_exempt
@require_POST
def attempt_start(request: HttpRequest, token: str) -> HttpResponse:
    if _is_cross_site(request):
        return _unavailable(request, "cross_site", 403)
    attempt = selectors.attempt_get_by_token(token=token)
    secret = devices.new_device_secret()
    try:
        if attempt is None:
            raise services.AttemptGone(GONE_MESSAGE)
        if attempt.status != AttemptStatus.PENDING:
            # A double click or a start after the start just shows the test (or its final page).
            return _page_redirect(request, token)
        attempt = services.attempt_start(attempt=attempt, **_this_device(request, secret))
    except services.AttemptGone:
        return _unavailable(request, "unknown", 404)
    except services.AttemptClosed:
        return _unavailable(request, "expired", 410)
    except services.InvalidTransition:
        return _page_redirect(request, token)  # started meanwhile (a double click)
    return _page_holding(request, token, attempt=attempt, secret=secret)


def _this_device(request: HttpRequest, secret: str) -> dict[str, str]:
    """The device fields of the browser that will hold the attempt (its cookie carries `secret`)."""
    return {
        "device_key": devices.device_key_of(secret),
        "device_label": devices.request_device_label(request),
    }


def _page_holding(request: HttpRequest, token: str, *, attempt: Attempt, secret: str) -> HttpResponse:
    """Back to the test page, this browser now holding the attempt."""
    response = _page_redirect(request, token)
    devices.device_cookie_set(request, response, attempt=attempt, secret=secret)
    return response


def _page_redirect(request: HttpRequest, token: str) -> HttpResponse:
    """Back to the test page; inside Telegram (a Mini App) the test page stays a Mini App."""
    page = reverse("tests_app:page", args=[token])
    return redirect(page + "?via=telegram" if is_mini_app(request) else page)


@csrf_exempt
@require_POST
def attempt_move(request: HttpRequest, token: str) -> HttpResponse:
    """Move the test in progress to this browser (the one that held it is told at its next request)."""
    if _is_cross_site(request):
        return _unavailable(request, "cross_site", 403)
    attempt = selectors.attempt_get_by_token(token=token)
    secret = devices.new_device_secret()
    try:
        if attempt is None:
            raise services.AttemptGone(GONE_MESSAGE)
        attempt = services.attempt_device_move(attempt=attempt, **_this_device(request, secret))
    except services.AttemptGone:
        return _unavailable(request, "unknown", 404)
    except services.InvalidTransition:
        return _page_redirect(request, token)  # over, or not started: the page says so
    return _page_holding(request, token, attempt=attempt, secret=secret)


@token_endpoint
def answer_save(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    data = _validated(AnswerSerializer, request)
    question = Question.objects.filter(pk=data["question_id"], test_id=attempt.test_id).first()
    if question is None:
        return JsonResponse({"error": "This question is not part of the test."}, status=404)
    services.answer_save(
        attempt=attempt,
        question=question,
        choice_ids=data["choice_ids"],
        text=data["text"],
        given_ago_ms=data["given_ago_ms"],
    )
    return JsonResponse({**_state(attempt), "saved": question.id})


@token_endpoint
def heartbeat(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    return JsonResponse(_state(services.attempt_heartbeat(attempt=attempt)))


@token_endpoint
def events_record(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """Proctoring events, usually from `sendBeacon` as the page hides; they also count as a heartbeat."""
    data = _validated(ProctorEventsSerializer, request)
    stored = services.proctor_events_record(attempt=attempt, events=data["events"])
    return JsonResponse({**_state(attempt), "stored": stored})


@token_endpoint
def submit(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    attempt = services.attempt_submit(attempt=attempt)
    return JsonResponse({**_state(attempt), "redirect": reverse("tests_app:page", args=[attempt.token])})
