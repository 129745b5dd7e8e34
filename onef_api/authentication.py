"""API key authentication: `Authorization: Bearer <key>` or `X-API-Key: <key>`."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from onef_api.models import ApiKey
from onef_api.selectors import api_key_for_raw
from onef_api.services import api_key_touch

AUTH_HELP = "Send a valid API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."


def auth_required() -> bool:
    return settings.ONEF_API_AUTH != "off"


def presented_key(request: Request) -> str:
    header = get_authorization_header(request).decode("latin-1").strip()
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.META.get("HTTP_X_API_KEY", "").strip()


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[None, ApiKey] | None:
        raw_key = presented_key(request)
        if not raw_key:
            return None
        api_key = api_key_for_raw(raw_key)
        if api_key is None:
            if not auth_required():
                return None  # the open v1.2 mode ignores keys it does not know
            raise AuthenticationFailed("The API key is unknown or revoked. " + AUTH_HELP)
        api_key_touch(api_key=api_key)
        return None, api_key

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="onef"'


class HasApiKey(BasePermission):
    message = "Authentication required. " + AUTH_HELP

    def has_permission(self, request: Request, view) -> bool:
        return not auth_required() or isinstance(request.auth, ApiKey)


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = ["BearerApiKey", "HeaderApiKey"]

    def get_security_definition(self, auto_schema):
        return [
            {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <key>"},
            {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        ]
