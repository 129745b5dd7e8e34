"""core.prepared_query: a queryset compiled once, run with a new parameter, rows converted as the ORM does."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate
from core.prepared_query import PreparedQuery
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def by_id() -> PreparedQuery:
    return PreparedQuery(
        lambda candidate_id: Candidate.objects.filter(pk=candidate_id).values_list(
            "id", "name", "created_at"
        ),
        field=Candidate._meta.pk,
    )


def test_the_rows_are_those_values_list_gives_for_each_parameter():
    query = by_id()
    first, second = CandidateFactory(name="Анна"), CandidateFactory(name="Bob")
    for candidate in (first, second):
        expected = list(Candidate.objects.filter(pk=candidate.pk).values_list("id", "name", "created_at"))
        assert query.rows(candidate.pk) == expected
        assert isinstance(query.rows(candidate.pk)[0][0], uuid.UUID)  # converted on SQLite too
    assert query.rows(uuid.uuid4()) == []


def test_it_compiles_once_keeps_the_converters_and_runs_one_query_per_call(monkeypatch):
    query = by_id()
    candidate = CandidateFactory()
    query.rows(candidate.pk)
    monkeypatch.setattr(query, "build", lambda value: pytest.fail("compiled again"))
    compiler = query._compiled["default"].compiler
    monkeypatch.setattr(
        compiler, "get_converters", lambda columns: pytest.fail("converters worked out again")
    )
    with CaptureQueriesContext(connection) as queries:
        query.rows(candidate.pk)
    assert len(queries) == 1


def test_a_queryset_that_ignores_its_parameter_is_refused():
    query = PreparedQuery(lambda value: Candidate.objects.values_list("id"), field=Candidate._meta.pk)
    with pytest.raises(ValueError, match="does not use its parameter"):
        query.rows(uuid.uuid4())
