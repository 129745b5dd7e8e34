import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CandidateFactory
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


def test_page_and_limit_slice_the_list_with_total_and_links(api):
    CandidateFactory.create_batch(7)
    everything = [c["id"] for c in api.get(url("candidates")).json()]
    response = api.get(url("candidates?page=2&limit=3&status=new"))
    assert [c["id"] for c in response.json()] == everything[3:6]
    assert response["X-Total-Count"] == "7"
    links = response["Link"]
    assert 'page=3&limit=3&status=new>; rel="next"' in links
    assert 'page=1&limit=3&status=new>; rel="prev"' in links
    assert 'page=3&limit=3&status=new>; rel="last"' in links
    assert "status=new" in links


def test_limit_alone_is_the_first_page(api):
    CandidateFactory.create_batch(3)
    response = api.get(url("candidates?limit=2"))
    assert len(response.json()) == 2
    assert 'rel="prev"' not in response["Link"]


def test_a_page_past_the_end_is_empty(api):
    CandidateFactory.create_batch(2)
    response = api.get(url("candidates?page=5&limit=2"))
    assert response.json() == []
    assert response["X-Total-Count"] == "2"


def test_unpaginated_lists_still_carry_total_and_links(api):
    CandidateFactory.create_batch(2)
    response = api.get(url("candidates"))
    assert response["X-Total-Count"] == "2"
    assert 'rel="first"' in response["Link"]


@pytest.mark.parametrize(
    "path",
    [
        "candidates",
        "attempts",
        "tests",
        "vacancies",
        "dictionaries/candidate-statuses",
        "dictionaries/test-statuses",
    ],
)
def test_every_list_has_the_headers(api, path):
    response = api.get(url(f"{path}?limit=1"))
    assert response.status_code == 200
    assert "X-Total-Count" in response and "Link" in response


def test_pages_of_an_ordering_with_ties_neither_overlap_nor_skip(api):
    created = {str(c.id) for c in CandidateFactory.create_batch(7, name="Same", surname="Name")}
    seen = []
    with CaptureQueriesContext(connection) as queries:
        for page in range(1, 5):
            seen += [
                c["id"] for c in api.get(url(f"candidates?ordering=fullname&limit=2&page={page}")).json()
            ]
    assert sorted(seen) == sorted(created)
    # The database alone may return tied rows in any order per query: the id must decide.
    page_queries = [
        q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"] and "candidate" in q["sql"]
    ]
    assert all(
        re.search(r'ORDER BY \S+ ASC, "candidates_candidate"."id" ASC LIMIT', sql) for sql in page_queries
    ), page_queries
