"""The API speaks English whatever the client's Accept-Language: integrators read its messages."""

from django.utils import translation

API_PREFIX = "/api/"


class ApiSpeaksEnglishMiddleware:
    """After LocaleMiddleware: requests under /api/ are handled (and answered) in English."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PREFIX):
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        return self.get_response(request)
