"""The OpenAPI schema describes the API truthfully: schemathesis generates requests from it (a
bounded number per operation, through WSGI, no server) and every response must conform. The schema
served is byte-identical to the committed snapshot (docs/openapi.yaml for PostgreSQL), so no change
of the contract goes unnoticed."""

import difflib
import io
import os
import re
from pathlib import Path

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.onef_api.conftest import url

ROOT = Path(__file__).resolve().parents[2]
# The schema as served in production (PostgreSQL), and as served on SQLite: integer bounds follow the
# database's integer range (a PositiveIntegerField is int32 on PostgreSQL, int64 on SQLite).
SNAPSHOTS = {
    "postgresql": ROOT / "docs" / "openapi.yaml",
    "sqlite": ROOT / "tests" / "onef_api" / "openapi-sqlite.yaml",
}
REFRESH = "UPDATE_OPENAPI_SNAPSHOT"
SPEC_OPERATIONS = {
    ("get", "/api/onef/dashboard"),
    ("get", "/api/onef/candidates"),
    ("get", "/api/onef/candidates/{candidate_id}"),
    ("post", "/api/onef/candidates/{candidate_id}/status"),
    ("post", "/api/onef/candidates/{candidate_id}/analyze"),
    ("get", "/api/onef/messages/{candidate_id}"),
    ("post", "/api/onef/messages"),
    ("get", "/api/onef/messages/unread"),
    ("get", "/api/onef/tests"),
    ("post", "/api/onef/invites"),
    ("get", "/api/onef/attempts"),
    ("get", "/api/onef/candidates/{candidate_id}/attempts"),
    ("get", "/api/onef/attempts/{attempt_id}"),
    ("get", "/api/onef/vacancies"),
    ("get", "/api/onef/vacancies/{vacancy_id}"),
    ("get", "/api/onef/dictionaries/candidate-statuses"),
    ("get", "/api/onef/dictionaries/test-statuses"),
}


@pytest.mark.django_db
def test_the_schema_documents_all_17_spec_endpoints_with_key_security():
    document = APIClient().get(url("schema/"), HTTP_ACCEPT="application/json").json()
    operations = {(method, path) for path, item in document["paths"].items() for method in item}
    assert operations >= SPEC_OPERATIONS
    assert document["paths"]["/api/onef/candidates"]["get"]["security"] == [
        {"BearerApiKey": []},
        {"HeaderApiKey": []},
    ]
    examples = document["paths"]["/api/onef/dashboard"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]
    assert examples["examples"]["Dashboard"]["value"]["recruitment_funnel"]["hired"] == 52


@pytest.mark.django_db
def test_the_served_schema_is_byte_identical_to_the_committed_snapshot():
    if connection.vendor not in SNAPSHOTS:
        pytest.skip(f"no schema snapshot for {connection.vendor}")
    snapshot = SNAPSHOTS[connection.vendor]
    served = APIClient().get(url("schema/")).content
    if os.environ.get(REFRESH) == "1":
        snapshot.write_bytes(served)
    expected = snapshot.read_bytes()
    if served != expected:
        name = snapshot.relative_to(ROOT)
        diff = difflib.unified_diff(
            expected.decode().splitlines(),
            served.decode().splitlines(),
            f"{name} (snapshot)",
            "/api/onef/schema/ (served)",
            lineterm="",
        )
        pytest.fail(
            "The OpenAPI schema changed; integrators rely on it (spec v1.2). If the change is deliberate "
            f"and backwards compatible, refresh both snapshots with `{REFRESH}=1 pytest "
            "tests/onef_api/test_schema.py -k snapshot`, run once on SQLite and once with "
            f"DATABASE_URL=postgres://..., and commit {', '.join(str(p.relative_to(ROOT)) for p in SNAPSHOTS.values())}."
            "\n" + "\n".join(list(diff)[:80]),
            pytrace=False,
        )


@pytest.mark.django_db
def test_the_docs_page_loads_its_assets_locally_without_a_cdn(client):
    page = client.get(url("docs/")).content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui-bundle.js" in asset for asset in assets)
    assert all(asset.startswith("/") for asset in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


@pytest.fixture
def wsgi_app():
    """The real WSGI handler, but (like Django's test client) without closing the connection at the
    end of each request, which would end the test's transaction on PostgreSQL."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Bounded and reproducible by default; API_FUZZ_EXAMPLES=200 explores further (random seeds).
EXAMPLES_PER_OPERATION = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])
def test_generated_requests_never_get_a_500_and_responses_match_the_schema(raw_key, settings, wsgi_app, mode):
    settings.ALLOWED_HOSTS = ["*"]
    call_command("seed_demo", stdout=io.StringIO())
    api_schema = schemathesis.openapi.from_wsgi("/api/onef/schema/", wsgi_app)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {(op.method.lower(), op.path) for op in operations} >= SPEC_OPERATIONS
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize="API_FUZZ_EXAMPLES" not in os.environ,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            response = case.call(headers={"Authorization": f"Bearer {raw_key}"})
            case.validate_response(response, checks=CHECKS)

        check()


@pytest.mark.django_db
def test_every_spec_endpoint_answers_2xx_on_the_demo_data_as_the_schema_says(raw_key, settings, wsgi_app):
    from candidates.models import Candidate, Vacancy
    from tests_app.models import Attempt, Test

    settings.ALLOWED_HOSTS = ["*"]
    call_command("seed_demo", stdout=io.StringIO())
    api_schema = schemathesis.openapi.from_wsgi("/api/onef/schema/", wsgi_app)
    reachable = Candidate.objects.filter(telegram_id__isnull=False, attempts__isnull=False).first()
    finished = Attempt.objects.filter(answers__isnull=False).first()
    ids = {
        "candidate_id": str(reachable.id),
        "attempt_id": str(finished.id),
        "vacancy_id": Vacancy.objects.first().id,
    }
    bodies = {
        "/api/onef/candidates/{candidate_id}/status": {"status": "interview"},
        "/api/onef/messages": {"candidate_id": ids["candidate_id"], "text": "Your interview is tomorrow."},
        "/api/onef/invites": {
            "candidate_id": ids["candidate_id"],
            "test_id": str(Test.objects.filter(is_active=True).first().id),
            "expires_in_hours": 48,
        },
    }
    seen = set()
    for method, path in sorted(SPEC_OPERATIONS):
        operation = api_schema[path][method.upper()]
        parameters = {name: value for name, value in ids.items() if "{" + name + "}" in path}
        kwargs = {"body": bodies[path], "media_type": "application/json"} if path in bodies else {}
        case = operation.Case(path_parameters=parameters, **kwargs)
        response = case.call(headers={"Authorization": f"Bearer {raw_key}"})
        assert 200 <= response.status_code < 300, (path, response.status_code, response.text[:300])
        case.validate_response(response, checks=CHECKS)
        seen.add((method, path))
    assert seen == SPEC_OPERATIONS
