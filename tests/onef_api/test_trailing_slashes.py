"""Every endpoint answers with and without a trailing slash; the schema lists the spec's form only."""

import pytest
from django.urls import get_resolver

from candidates.models import Candidate
from tests.factories import CandidateFactory
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "dashboard",
        "candidates",
        "messages/unread",
        "tests",
        "attempts",
        "vacancies",
        "dictionaries/test-statuses",
    ],
)
def test_a_get_answers_the_same_with_and_without_the_slash(api, path):
    without, with_slash = api.get(url(path)), api.get(url(path + "/"))
    assert without.status_code == with_slash.status_code == 200
    assert without.json() == with_slash.json()


def test_a_post_with_a_trailing_slash_is_answered_directly(api):
    candidate = CandidateFactory(status="new")
    response = api.post(url(f"candidates/{candidate.id}/status/"), {"status": "interview"}, format="json")
    assert response.status_code == 200
    assert Candidate.objects.get().status == "interview"


def test_a_detail_with_a_trailing_slash(api):
    candidate = CandidateFactory()
    assert api.get(url(f"candidates/{candidate.id}/")).json()["id"] == str(candidate.id)


def test_every_api_route_has_both_forms():
    routes = {
        str(pattern.pattern)
        for pattern in get_resolver().url_patterns
        if str(pattern.pattern) == "api/onef/"
        for pattern in pattern.url_patterns
    }
    spec_forms = {route for route in routes if not route.endswith("/") and "(?P" not in route}
    assert spec_forms and all(f"{route}/" in routes for route in spec_forms)


def test_the_schema_lists_each_path_once_without_the_slash(api):
    paths = api.get(url("schema"), HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/onef/candidates" in paths
    assert not [path for path in paths if path.endswith("/")]
