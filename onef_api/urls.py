from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from onef_api import views
from onef_api.schema import SCHEMA_SETTINGS

app_name = "onef_api"

# Paths exactly as the spec writes them (no trailing slash).
urlpatterns = [
    path("dashboard", views.DashboardView.as_view(), name="dashboard"),
    path("candidates", views.CandidateListView.as_view(), name="candidate-list"),
    path("candidates/<str:candidate_id>", views.CandidateDetailView.as_view(), name="candidate-detail"),
    path("candidates/<str:candidate_id>/cv", views.CandidateCvView.as_view(), name="candidate-cv"),
    path(
        "candidates/<str:candidate_id>/status", views.CandidateStatusView.as_view(), name="candidate-status"
    ),
    path(
        "candidates/<str:candidate_id>/analyze",
        views.CandidateAnalyzeView.as_view(),
        name="candidate-analyze",
    ),
    path(
        "candidates/<str:candidate_id>/attempts",
        views.CandidateAttemptListView.as_view(),
        name="candidate-attempts",
    ),
    path("messages", views.MessageSendView.as_view(), name="message-send"),
    path("messages/unread", views.UnreadCountView.as_view(), name="message-unread"),
    path("messages/<str:candidate_id>", views.ConversationView.as_view(), name="conversation"),
    path("tests", views.TestListView.as_view(), name="test-list"),
    path("invites", views.InviteView.as_view(), name="invite"),
    path("attempts", views.AttemptListView.as_view(), name="attempt-list"),
    path("attempts/<str:attempt_id>", views.AttemptDetailView.as_view(), name="attempt-detail"),
    path("vacancies", views.VacancyListView.as_view(), name="vacancy-list"),
    path("vacancies/<str:vacancy_id>", views.VacancyDetailView.as_view(), name="vacancy-detail"),
    path(
        "dictionaries/candidate-statuses",
        views.CandidateStatusesView.as_view(),
        name="dictionary-candidate-statuses",
    ),
    path("dictionaries/test-statuses", views.TestStatusesView.as_view(), name="dictionary-test-statuses"),
    path(
        "schema/",
        SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS),
        name="schema",
    ),
    path("docs/", SpectacularSwaggerView.as_view(url_name="onef_api:schema"), name="docs"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
