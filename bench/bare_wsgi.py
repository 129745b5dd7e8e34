"""The baseline of bench/api_http.py: a bare Django project whose only view returns a JsonResponse,
with no middleware and no app, served by the same gunicorn (`gunicorn bare_wsgi:application` with
bench/ on the path). What any Django view costs on this machine at this moment."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import JsonResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-not-a-secret",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)


def bare(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare", bare)]
application = get_wsgi_application()
