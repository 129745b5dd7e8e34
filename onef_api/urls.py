from django.urls import URLPattern, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from onef_api import views
from onef_api.schema import SCHEMA_SETTINGS

app_name = "onef_api"


def both(route: str, view, name: str) -> list[URLPattern]:
    """The route as the spec writes it (no trailing slash) and with a trailing slash, answered
    directly (a redirect would lose a POST's body with some clients). The schema lists the first."""
    return [path(route, view, name=name), path(f"{route}/", view, name=f"{name}-slash")]


SPEC_ROUTES = [
    ("dashboard", views.DashboardView, "dashboard"),
    ("candidates", views.CandidateListView, "candidate-list"),
    ("candidates/<str:candidate_id>", views.CandidateDetailView, "candidate-detail"),
    ("candidates/<str:candidate_id>/cv", views.CandidateCvView, "candidate-cv"),
    ("candidates/<str:candidate_id>/status", views.CandidateStatusView, "candidate-status"),
    ("candidates/<str:candidate_id>/analyze", views.CandidateAnalyzeView, "candidate-analyze"),
    ("candidates/<str:candidate_id>/attempts", views.CandidateAttemptListView, "candidate-attempts"),
    ("messages", views.MessageSendView, "message-send"),
    ("messages/unread", views.UnreadCountView, "message-unread"),
    ("messages/<str:candidate_id>", views.ConversationView, "conversation"),
    ("tests", views.TestListView, "test-list"),
    ("invites", views.InviteView, "invite"),
    ("attempts", views.AttemptListView, "attempt-list"),
    ("attempts/<str:attempt_id>", views.AttemptDetailView, "attempt-detail"),
    ("vacancies", views.VacancyListView, "vacancy-list"),
    ("vacancies/<str:vacancy_id>", views.VacancyDetailView, "vacancy-detail"),
    ("dictionaries/candidate-statuses", views.CandidateStatusesView, "dictionary-candidate-statuses"),
    ("dictionaries/test-statuses", views.TestStatusesView, "dictionary-test-statuses"),
]

# Paths exactly as the spec writes them (no trailing slash); each also answers with one.
urlpatterns = [
    *[pattern for route, view, name in SPEC_ROUTES for pattern in both(route, view.as_view(), name)],
    path("schema/", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="schema"),
    path("schema", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="schema-noslash"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="onef_api:schema"), name="docs"),
    path("docs", SpectacularSwaggerSplitView.as_view(url_name="onef_api:schema"), name="docs-noslash"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
