"""Dictionaries: the candidate and attempt statuses with their labels."""

from drf_spectacular.utils import extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from candidates.models import CandidateStatus
from onef_api import schema
from onef_api import serializers as s
from onef_api.pagination import paginate
from onef_api.views.base import OnefApiView, list_schema
from tests_app.models import AttemptStatus


class DictionaryView(OnefApiView):
    choices: type = CandidateStatus

    def get(self, request: Request) -> Response:
        page = paginate(request, [{"id": value, "label": label} for value, label in self.choices.choices])
        return Response(page.rows, headers=page.headers)


@extend_schema_view(
    get=list_schema(
        s.DictionaryEntrySerializer,
        summary="Candidate statuses",
        examples=[schema.CANDIDATE_STATUSES_EXAMPLE],
    )
)
class CandidateStatusesView(DictionaryView):
    choices = CandidateStatus


@extend_schema_view(
    get=list_schema(
        s.DictionaryEntrySerializer, summary="Test statuses", examples=[schema.TEST_STATUSES_EXAMPLE]
    )
)
class TestStatusesView(DictionaryView):
    choices = AttemptStatus
