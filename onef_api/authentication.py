"""API key authentication: `Authorization: Bearer <key>` or `X-API-Key: <key>`."""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from onef_api.models import ApiKey, ApiScope
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
        if api_key.is_expired(timezone.now()):
            raise AuthenticationFailed(
                f"The API key expired at {api_key.expires_at:%Y-%m-%dT%H:%M:%SZ}. " + AUTH_HELP
            )
        api_key_touch(api_key=api_key, ip=request.META.get("REMOTE_ADDR"))
        return None, api_key

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="onef"'


def required_scope(request: Request) -> str:
    """`read` for GET, HEAD and OPTIONS; `write` for anything that changes data."""
    return ApiScope.READ if request.method in SAFE_METHODS else ApiScope.WRITE


class HasApiKey(BasePermission):
    """A valid key (unless the API is open) that has the scope the method needs."""

    message = "Authentication required. " + AUTH_HELP

    def has_permission(self, request: Request, view) -> bool:
        api_key = request.auth
        if not isinstance(api_key, ApiKey):
            return not auth_required()
        scope = required_scope(request)
        if scope in api_key.scopes:
            return True
        self.message = (
            f"This API key lacks the '{scope}' scope that {request.method} requests need "
            f"(its scopes: {', '.join(api_key.scopes) or 'none'}). Use a key with the '{scope}' scope."
        )
        return False


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = ["BearerApiKey", "HeaderApiKey"]

    def get_security_definition(self, auto_schema):
        return [
            {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <key>"},
            {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        ]
