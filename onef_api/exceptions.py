"""Every error of the API is JSON: DRF's shape, plus the domain's ValidationError as a 400."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from messaging.services import CandidateUnreachable
from onef_api.ratelimit import RateLimited


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, CandidateUnreachable):
        exc = Conflict(" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=serializers.as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _shortened(response.data)
    if response is not None and isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.usage.reset)
        for name, value in exc.usage.headers().items():
            response[name] = value
    return response


MAX_MESSAGE = 300


def _shortened(data):
    """Error messages quote bad values (DRF: '"<value>" is not a valid choice.'): cut them short."""
    if isinstance(data, dict):
        return {key: _shortened(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_shortened(value) for value in data]
    if isinstance(data, str) and len(data) > MAX_MESSAGE:
        return exceptions.ErrorDetail(data[:MAX_MESSAGE] + "…", code=getattr(data, "code", None))
    return data
