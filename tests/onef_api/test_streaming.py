"""Unpaged lists over STREAM_MIN_ROWS rows are streamed with the same bytes and headers."""

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from candidates.models import Candidate
from onef_api import serializers as s
from onef_api import streaming
from tests.factories import CandidateFactory
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_stream(monkeypatch):
    """Stream from 3 rows on, in chunks of 2, so that a few rows cover every path."""
    monkeypatch.setattr(streaming, "STREAM_MIN_ROWS", 2)
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 2)


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def expected_list(queryset) -> bytes:
    return JSONRenderer().render(s.CandidateSerializer(queryset, many=True).data)


def test_a_long_unpaged_list_is_streamed_with_the_same_bytes_and_total(api, small_stream):
    CandidateFactory.create_batch(5, fullname="Анна\u2028Łukasiewicz")
    response = api.get(url("candidates"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/json"
    assert response["X-Total-Count"] == "5"
    assert 'rel="first"' in response["Link"] and "RateLimit" in response
    assert body_of(response) == expected_list(Candidate.objects.order_by("-created_at", "-id"))


@pytest.mark.parametrize("rows", [0, 1, 2])
def test_a_short_list_is_answered_at_once_as_before(api, small_stream, rows):
    CandidateFactory.create_batch(rows)
    response = api.get(url("candidates"))
    assert not response.streaming
    assert response["X-Total-Count"] == str(rows)
    assert response.content == expected_list(Candidate.objects.order_by("-created_at", "-id"))


def test_streamed_and_unstreamed_answers_have_the_same_headers(api, small_stream, monkeypatch):
    CandidateFactory.create_batch(4)
    streamed = api.get(url("candidates?status=new"))
    monkeypatch.setattr(streaming, "STREAM_MIN_ROWS", 100)
    whole = api.get(url("candidates?status=new"))
    assert streamed.streaming and not whole.streaming
    assert body_of(streamed) == whole.content
    for header in ("X-Total-Count", "Link", "Content-Type"):
        assert streamed[header] == whole[header]


def test_filters_and_ordering_apply_to_the_stream(api, small_stream):
    CandidateFactory.create_batch(3, status="interview")
    CandidateFactory.create_batch(2, status="new")
    response = api.get(url("candidates?status=interview&ordering=email"))
    assert response["X-Total-Count"] == "3"
    assert body_of(response) == expected_list(Candidate.objects.filter(status="interview").order_by("email"))


def test_errors_found_before_the_first_byte_are_json(api, small_stream):
    CandidateFactory.create_batch(4)
    bad_filter = api.get(url("candidates?status=bogus"))
    assert bad_filter.status_code == 400 and not bad_filter.streaming
    assert "status" in bad_filter.json()
    bad_ordering = api.get(url("candidates?ordering=password"))
    assert bad_ordering.status_code == 400 and bad_ordering.json()
    unauthenticated = APIClient().get(url("candidates"))
    assert unauthenticated.status_code == 401 and "detail" in unauthenticated.json()


def test_a_stream_runs_two_queries_whatever_the_number_of_rows(
    api, small_stream, django_assert_num_queries, settings
):
    settings.STREAM_WITH_KEYSET = False
    CandidateFactory.create_batch(3)
    body_of(api.get(url("candidates")))  # read to the end: the stream closes its cursor
    CandidateFactory.create_batch(20)
    with django_assert_num_queries(2):  # the rows (one cursor) and the count
        body_of(api.get(url("candidates")))


def test_with_keyset_chunks_a_stream_runs_one_query_per_chunk_and_the_count(
    api, small_stream, django_assert_num_queries, settings
):
    settings.STREAM_WITH_KEYSET = True
    CandidateFactory.create_batch(23)
    body_of(api.get(url("candidates")))  # the key is read and its use recorded once
    with django_assert_num_queries(12 + 1):  # 11 chunks of 2 rows, the last of 1, and the count
        body_of(api.get(url("candidates")))


def test_a_dropped_stream_closes_the_rest_of_its_cursor_at_once():
    def cursor_rows():
        yield from ({"id": n} for n in range(10))

    rest = cursor_rows()
    stream = streaming.json_array([{"id": -1}], rest)
    assert next(stream) == b"["

    stream.close()  # what the server does when the client goes away

    assert rest.gi_frame is None  # closed now, not whenever it is collected (in another transaction)


def varied_candidates() -> None:
    """Ties on every field of the orderings below and NULL ratings among numbers."""
    for n in range(23):
        CandidateFactory(fullname=["Анна", "anna", "Zoë", ""][n % 4], status=["new", "rejected"][n % 2])
    Candidate.objects.filter(telegram_id__in=Candidate.objects.values("telegram_id")[:8]).update(
        ai_rating=None
    )
    Candidate.objects.filter(ai_rating__isnull=False).update(ai_rating=50)


# Behind PgBouncer in transaction mode (DATABASE_POOLER=pgbouncer-transaction) the list reads
# keyset chunks instead of a server-side cursor: the same answer.
@pytest.mark.parametrize("ordering", ["created_at", "-ai_rating", "fullname", "-status"])
def test_the_streamed_list_has_the_same_bytes_with_keyset_chunks(api, monkeypatch, settings, ordering):
    varied_candidates()
    monkeypatch.setattr(streaming, "STREAM_MIN_ROWS", 5)
    monkeypatch.setattr(streaming, "CHUNK_ROWS", 4)
    answers = []
    for keyset in (False, True):
        settings.STREAM_WITH_KEYSET = keyset
        response = api.get(f"/api/onef/candidates?ordering={ordering}")
        assert response.streaming
        answers.append((response["X-Total-Count"], b"".join(response.streaming_content)))

    assert answers[0] == answers[1]
    assert answers[0][0] == "23"
