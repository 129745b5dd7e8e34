"""The API's JSON parser: DRF's, with the limits of `core.json_input` and a body size cap.

A body larger than `DATA_UPLOAD_MAX_MEMORY_SIZE` is a 413; nesting too deep, NUL or a lone
surrogate is a 400 naming the field (DRF's shape: `{"field": ["message"]}`).
"""

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser

from core.json_input import JsonInputError, json_parse


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def too_large() -> RequestTooLarge:
    return RequestTooLarge(f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise too_large()
        try:
            return json_parse(body)
        except JsonInputError as error:
            if error.field:
                raise exceptions.ValidationError({error.field: [error.message]}) from None
            raise exceptions.ParseError(f"JSON parse error - {error.message}") from None
