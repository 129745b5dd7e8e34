"""Vacancies: the published ones, and any one by id."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from candidates import selectors as candidate_selectors
from onef_api import filters, schema
from onef_api import serializers as s
from onef_api.views.base import OnefApiView, OnefListView, list_schema, parse_int_id


@extend_schema_view(get=list_schema(s.VacancySerializer, summary="List published vacancies"))
class VacancyListView(OnefListView):
    serializer_class = s.VacancySerializer
    filterset_class = filters.VacancyFilter
    ordering_fields = ["name", "created_at", "updated_at"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return candidate_selectors.vacancies_published()


@extend_schema_view(
    get=extend_schema(
        summary="Get vacancy details",
        description="Any vacancy, also one no longer published (see `is_published`).",
        responses=schema.with_errors({200: s.VacancySerializer}, 404),
    )
)
class VacancyDetailView(OnefApiView):
    serializer_class = s.VacancySerializer

    def get(self, request: Request, vacancy_id: str) -> Response:
        vacancy = candidate_selectors.vacancies_all().filter(pk=parse_int_id(vacancy_id, "vacancy")).first()
        if vacancy is None:
            raise exceptions.NotFound(f"No vacancy with id {vacancy_id!r}.")
        return Response(self.get_serializer(vacancy).data)
