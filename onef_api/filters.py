"""Query filters of the list endpoints (django-filter). Bad values answer 400 with field errors."""

import datetime as dt

from django import forms
from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from candidates.models import Candidate, CandidateStatus, Vacancy, VacancySource
from candidates.selectors import candidates_applied_to, candidates_in_stage
from messaging.models import Message, MessageDirection
from tests_app.models import Attempt, AttemptStatus, Test

MAX_DB_INT = 2**31 - 1


class ChoiceInFilter(filters.BaseInFilter, filters.ChoiceFilter):
    """`status=a` or `status=a,b`; every value must be a known choice."""


class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_DB_INT, **kwargs)


class StrictOrderingFilter(OrderingFilter):
    """DRF's ordering, but an unknown field is a 400 rather than silently ignored, and ties are
    broken by id so that pages never overlap or skip rows."""

    def get_ordering(self, request, queryset, view) -> list[str]:
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not {"id", "-id", "pk", "-pk"} & set(ordering):
            ordering.append("pk")
        return ordering

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        if len(valid) != len([f for f in fields if f]):
            allowed = ", ".join(
                name for name, _ in self.get_valid_fields(queryset, view, {"request": request})
            )
            raise ValidationError(
                {self.ordering_param: [f"Order by one of: {allowed} (prefix - to reverse)."]}
            )
        return valid


class UpdatedSinceFilter(filters.IsoDateTimeFilter):
    """Compared in UTC: PostgreSQL refuses offsets beyond ±15:59 that ISO-8601 parsing accepts."""

    def filter(self, queryset: QuerySet, value: dt.datetime | None) -> QuerySet:
        if value is not None:
            try:
                value = value.astimezone(dt.UTC)
            except OverflowError:
                raise ValidationError({"updated_since": ["This time is out of range."]})
        return super().filter(queryset, value)


class UpdatedSinceFilterSet(filters.FilterSet):
    updated_since = UpdatedSinceFilter(
        field_name="updated_at", lookup_expr="gte", label="Only rows updated at or after this ISO-8601 time."
    )


class CandidateFilter(UpdatedSinceFilterSet):
    status = ChoiceInFilter(
        choices=CandidateStatus.choices,
        label="One status or a comma list; with vacancy_id, the stage of the application to that vacancy.",
    )
    email = filters.CharFilter(field_name="email", lookup_expr="iexact", label="Email, case-insensitive.")
    vacancy_id = IdFilter(method="filter_vacancy", label="Candidates who applied to this vacancy.")

    class Meta:
        model = Candidate
        fields = ["status", "email", "vacancy_id", "updated_since"]

    def filter_vacancy(self, queryset: QuerySet[Candidate], name: str, value: int) -> QuerySet[Candidate]:
        return candidates_applied_to(queryset, vacancy_id=value)

    def filter_queryset(self, queryset: QuerySet[Candidate]) -> QuerySet[Candidate]:
        """`vacancy_id` with `status`: candidates whose application to that vacancy is in that stage."""
        data = self.form.cleaned_data
        vacancy_id, statuses = data.get("vacancy_id"), data.get("status")
        if vacancy_id is None or not statuses:
            return super().filter_queryset(queryset)
        data = {**data, "vacancy_id": None, "status": None}
        for name, value in data.items():
            queryset = self.filters[name].filter(queryset, value)
        return candidates_in_stage(queryset, vacancy_id=vacancy_id, statuses=statuses)


class AttemptFilter(UpdatedSinceFilterSet):
    status = ChoiceInFilter(choices=AttemptStatus.choices, label="One status or a comma list.")
    email = filters.CharFilter(
        field_name="candidate__email", lookup_expr="iexact", label="The candidate's email, case-insensitive."
    )
    candidate_id = filters.UUIDFilter(field_name="candidate_id")
    test_id = filters.UUIDFilter(field_name="test_id")

    class Meta:
        model = Attempt
        fields = ["status", "email", "candidate_id", "test_id", "updated_since"]


class CandidateAttemptFilter(UpdatedSinceFilterSet):
    status = ChoiceInFilter(choices=AttemptStatus.choices, label="One status or a comma list.")
    test_id = filters.UUIDFilter(field_name="test_id")

    class Meta:
        model = Attempt
        fields = ["status", "test_id", "updated_since"]


class TestFilter(UpdatedSinceFilterSet):
    class Meta:
        model = Test
        fields = ["updated_since"]


class VacancyFilter(UpdatedSinceFilterSet):
    source = filters.ChoiceFilter(choices=VacancySource.choices)

    class Meta:
        model = Vacancy
        fields = ["source", "updated_since"]


class MessageFilter(UpdatedSinceFilterSet):
    direction = filters.ChoiceFilter(choices=MessageDirection.choices)

    class Meta:
        model = Message
        fields = ["direction", "updated_since"]
