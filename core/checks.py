"""Project-wide checks. A SECRET_KEY is required outside DEBUG (there is no secret default)."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MISSING = "SECRET_KEY must be set when DEBUG is off."


def require_secret_key() -> None:
    if not settings.SECRET_KEY_CONFIGURED:
        raise ImproperlyConfigured(MISSING)


@checks.register(checks.Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return [] if settings.SECRET_KEY_CONFIGURED else [checks.Error(MISSING, id="recruitment.E001")]
