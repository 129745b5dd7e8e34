"""The language of the candidate's test pages: the candidate's stored language, else the browser's
(Accept-Language, through LocaleMiddleware); the page's switcher stores the choice on the candidate."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from candidates.services import candidate_language_set
from core.languages import Language
from tests_app import selectors

# The HTML pages of /t/<token>/ (the JSON endpoints answer in English and are hit every few seconds).
PAGES = frozenset({"page", "start", "language"})


class CandidateLanguageMiddleware:
    """After LocaleMiddleware: a test page is rendered in its candidate's stored language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        match = request.resolver_match
        if match is None or match.namespace != "tests_app" or match.url_name not in PAGES:
            return None
        attempt = selectors.attempt_get_by_token(token=view_kwargs.get("token", ""))
        if attempt is not None and attempt.candidate.language in Language.values:
            translation.activate(attempt.candidate.language)
            request.LANGUAGE_CODE = attempt.candidate.language
        return None


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
