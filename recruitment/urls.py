from django.conf import settings
from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from operations.views import metrics, readyz


def healthz(request):
    """Liveness: the process answers. Touches no dependency (see /readyz for those)."""
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the back-office's switcher
    # gettext() for the test page's script, in the page's language (cached per language by the browser).
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["tests_app"]), name="javascript-catalog"),
    path("api/onef/", include("onef_api.urls")),
    path("t/", include("tests_app.urls")),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
