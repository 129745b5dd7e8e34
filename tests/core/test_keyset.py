"""Keyset chunks (core/keyset.py) give the rows a server-side cursor gives, in the same order.
(The streamed list's bytes in both modes: tests/onef_api/test_streaming.py.)"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate
from core.keyset import keyset_iterator, ordering_of
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db
MOMENT = dt.datetime(2026, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
ORDERINGS = [
    ["-created_at", "-id"],
    ["ai_rating"],
    ["-ai_rating", "fullname"],
    ["status", "-created_at"],
    ["fullname", "-pk"],
    [],  # the model's own ordering (-created_at), completed with the primary key
]


@pytest.fixture
def varied() -> None:
    """Ties on every field, NULL ratings among numbers, names that collate apart from bytes."""
    for n in range(23):
        CandidateFactory(
            fullname=["Анна", "anna", "Zoë", "Ådam", ""][n % 5],
            status=["new", "rejected", "interview"][n % 3],
            ai_rating=None if n % 4 == 0 else n % 6 * 10,
        )
    Candidate.objects.filter(ai_rating__in=[10, 20]).update(created_at=MOMENT)


@pytest.mark.parametrize("ordering", ORDERINGS)
@pytest.mark.parametrize("chunk_size", [1, 4, 23, 100])
def test_keyset_chunks_give_every_row_once_in_the_cursors_order(varied, ordering, chunk_size):
    rows = Candidate.objects.values("id", "fullname", "status", "ai_rating", "created_at")
    queryset = rows.order_by(*ordering) if ordering else rows
    complete = queryset.order_by(*[f"-{f}" if d else f for f, d in ordering_of(queryset)])

    assert list(keyset_iterator(queryset, chunk_size)) == list(complete.iterator(chunk_size=chunk_size))


def test_each_chunk_is_one_query_of_at_most_the_chunk_size(varied):
    with CaptureQueriesContext(connection) as queries:
        rows = list(keyset_iterator(Candidate.objects.values("id", "created_at"), 5))

    assert len(rows) == 23
    assert len(queries) == 5  # 5 + 5 + 5 + 5 + 3
    assert all("LIMIT 5" in query["sql"] for query in queries)


def test_an_ordering_field_missing_from_the_rows_is_refused():
    with pytest.raises(ValueError, match="'fullname'"):
        list(keyset_iterator(Candidate.objects.values("id").order_by("fullname"), 2))
