"""The OneF REST API v2 (spec section 3). Views validate, call a selector or service, and render;
each module holds the endpoints of one resource."""

from onef_api.views.attempts import AttemptDetailView, AttemptListView, CandidateAttemptListView
from onef_api.views.base import OnefApiView, OnefListView
from onef_api.views.candidates import (
    CandidateAnalyzeView,
    CandidateCvView,
    CandidateDetailView,
    CandidateListView,
    CandidateStatusView,
)
from onef_api.views.dashboard import DashboardView
from onef_api.views.dictionaries import CandidateStatusesView, TestStatusesView
from onef_api.views.errors import not_found
from onef_api.views.messages import ConversationView, MessageSendView, UnreadCountView
from onef_api.views.tests_and_invites import InviteView, TestListView
from onef_api.views.vacancies import VacancyDetailView, VacancyListView

__all__ = [
    "AttemptDetailView",
    "AttemptListView",
    "CandidateAnalyzeView",
    "CandidateAttemptListView",
    "CandidateCvView",
    "CandidateDetailView",
    "CandidateListView",
    "CandidateStatusView",
    "CandidateStatusesView",
    "ConversationView",
    "DashboardView",
    "InviteView",
    "MessageSendView",
    "OnefApiView",
    "OnefListView",
    "TestListView",
    "TestStatusesView",
    "UnreadCountView",
    "VacancyDetailView",
    "VacancyListView",
    "not_found",
]
