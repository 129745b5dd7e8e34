from django.conf import settings
from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path

from onef_api.urls import both
from onef_api.views.events import EventFeedView
from operations.views import metrics, readyz
from tests_app.language import PageLanguageCatalog
from webhooks.services.feed import CursorExpired, events_feed


def healthz(request):
    """Liveness: the process answers. Touches no dependency (see /readyz for those)."""
    return JsonResponse({"status": "ok"})


# The OneF events feed reads the webhooks outbox; onef_api and webhooks do not import each other,
# so the project hands the API view the outbox's feed here.
events_feed_view = EventFeedView.as_view(feed=events_feed, cursor_expired=CursorExpired)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the back-office's switcher
    # gettext() for the test page's script, in the page's language (the path names it: the candidate's
    # may differ from the browser's), cached per language by the browser.
    path(
        "jsi18n/<str:language>/",
        PageLanguageCatalog.as_view(packages=["tests_app"]),
        name="javascript-catalog",
    ),
    *both("api/onef/events", events_feed_view, "onef-events"),
    path("api/onef/", include("onef_api.urls")),
    path("t/", include("tests_app.urls")),
    path("careers/", include("careers.urls")),
    # The candidate's interview booking page (interviews.booking_messages.BOOKING_PATH).
    path("book/", include("booking.urls")),
    # Telegram posts updates here in webhook mode: no session, CSRF or admin on this prefix.
    path("telegram/", include("telegram_bot.webhook.urls")),
    # MAX posts updates here in webhook mode (checked by X-Max-Bot-Api-Secret).
    path("max/", include("max_bot.urls")),
    # hh.ru posts its webhook notifications here (the secret is in the path: hh.ru does not sign).
    path("hh/", include("job_boards.urls")),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
]

if settings.DEBUG:
    from django.conf.urls.static import static  # DEBUG only: media served by the dev server

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
