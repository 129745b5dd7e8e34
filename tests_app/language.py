"""The language of the candidate's test pages: the candidate's stored language, else the browser's
(Accept-Language, through LocaleMiddleware); the page's switcher stores the choice on the candidate."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog

from candidates.services import candidate_language_set
from core.languages import Language
from tests_app import selectors
from tests_app.models import Attempt


def candidate_language_activate(*, request: HttpRequest, attempt: Attempt) -> None:
    """Render this page in the candidate's stored language (the browser's otherwise, as
    LocaleMiddleware chose)."""
    if attempt.candidate.language in Language.values:
        translation.activate(attempt.candidate.language)
        request.LANGUAGE_CODE = attempt.candidate.language


@csrf_exempt  # the token in the path is the credential; a cross-site form is refused below
@require_POST
def attempt_language(request: HttpRequest, token: str) -> HttpResponse:
    """The switcher of the test pages: store the candidate's choice and show the page again."""
    attempt = selectors.attempt_get_by_token(token=token)
    language = request.POST.get("language", "")
    if (
        attempt is not None
        and language in Language.values
        and request.headers.get("Sec-Fetch-Site") != "cross-site"
    ):
        candidate_language_set(candidate=attempt.candidate, language=language)
    return redirect("tests_app:page", token=token)


class PageLanguageCatalog(JavaScriptCatalog):
    """The script's texts in the language the path names: the page's, which may be the candidate's
    stored language rather than the browser's (Django's catalogue follows the browser's alone)."""

    def get(self, request: HttpRequest, *args, language: str, **kwargs) -> HttpResponse:
        if language not in Language.values:
            raise Http404("No such language.")
        with translation.override(language):
            return super().get(request, *args, **kwargs)
