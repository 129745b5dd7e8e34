"""An HR user's language in the back-office: stored per user, applied on every request.

Order: the user's stored choice, else the `django_language` cookie or the browser's Accept-Language
(LocaleMiddleware), else DEFAULT_LANGUAGE. The choice is read from the database when the user signs
in and kept in the session, so a page costs no extra query.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils import translation

from backoffice.models import UserPreference
from core.languages import Language

SESSION_KEY = "backoffice_language"


def user_language(*, user: AbstractBaseUser) -> str:
    """The stored language of this user, "" when they have not chosen one."""
    return UserPreference.objects.filter(user=user).values_list("language", flat=True).first() or ""


def user_language_set(*, user: AbstractBaseUser, language: str) -> UserPreference:
    """Store the user's back-office language ("" to follow the browser again)."""
    if language and language not in Language.values:
        raise ValueError(f"Unknown language: {language!r}")
    preference, _created = UserPreference.objects.update_or_create(user=user, defaults={"language": language})
    return preference


def remember_language_at_login(sender, request: HttpRequest, user: AbstractBaseUser, **kwargs) -> None:
    """user_logged_in receiver: copy the stored language into the new session."""
    if request is not None and hasattr(request, "session") and user.is_staff:
        request.session[SESSION_KEY] = user_language(user=user)


class UserLanguageMiddleware:
    """After LocaleMiddleware and AuthenticationMiddleware: a signed-in user's stored language wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        language = self._language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)

    @staticmethod
    def _language(request: HttpRequest) -> str:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return ""
        if request.path_info.startswith("/api/"):
            return ""  # the API speaks English (core.middleware.ApiSpeaksEnglishMiddleware)
        # A session opened before this preference existed has no key: the browser decides until
        # the user signs in again or uses the switcher.
        session = getattr(request, "session", None)
        return session.get(SESSION_KEY, "") if session is not None else ""
