"""The webhook contract in the OneF schema: OpenAPI 3.1 `webhooks` with the five spec events, the added ones and
`ping`, valid per openapi-spec-validator; real deliveries match their body schema, and a receiver
that reads only the headers the schema documents verifies the signature."""

import jsonschema
import pytest
from openapi_spec_validator import validate
from rest_framework.test import APIClient
from standardwebhooks.webhooks import Webhook

from tests.webhooks.conftest import SECRET, send_due
from tests.webhooks.test_payload_order import spec_bodies
from webhooks.services import event_emit

pytestmark = pytest.mark.django_db
EVENTS = {"new_application", "new_message", "candidate_status_changed", "test_status_changed", "grade_shared"}
ADDED = {"candidate_merged", "candidate_unmerged"}  # additions to the spec, documented in docs/webhooks.md


@pytest.fixture
def document() -> dict:
    return APIClient().get("/api/onef/schema/", HTTP_ACCEPT="application/json").json()


def test_the_schema_is_valid_openapi_3_1_with_the_five_events_the_added_ones_and_ping(document):
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert set(document["webhooks"]) == EVENTS | ADDED | {"ping"}
    headers = {p["name"] for p in document["webhooks"]["new_message"]["post"]["parameters"]}
    assert {"webhook-id", "webhook-timestamp", "webhook-signature"} <= headers
    assert {"webhook-event-time", "webhook-candidate-sequence"} <= headers


def test_each_schema_lists_the_body_keys_in_the_spec_order(document):
    body = document["webhooks"]["candidate_status_changed"]["post"]["requestBody"]
    inner = body["content"]["application/json"]["schema"]["properties"]["requestBody"]
    assert list(inner["properties"]) == ["event_type", "candidate_id", "status", "updated_at"]


@pytest.mark.parametrize("event_type", sorted(EVENTS | ADDED))
def test_a_real_delivery_matches_its_schema_and_verifies_with_the_documented_headers(
    onef_receiver, document, event_type
):
    bodies, candidate = spec_bodies()
    event_emit(event_type=event_type, body=bodies[event_type], candidate_id=candidate.pk)
    onef_receiver.expect_request("/onef/webhook", method="POST").respond_with_data("ok")
    send_due()
    request = onef_receiver.log[0][0]
    operation = document["webhooks"][event_type]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    jsonschema.validate(request.get_json(), schema)
    documented = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
    headers = {name: request.headers[name] for name in documented if name in request.headers}
    assert {p["name"] for p in operation["parameters"] if p["required"]} <= set(headers)
    verified = Webhook(SECRET).verify(request.get_data(), headers)
    assert verified["requestBody"]["event_type"] == event_type


def test_a_body_missing_a_spec_key_fails_its_schema(document):
    operation = document["webhooks"]["grade_shared"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"requestBody": {"event_type": "grade_shared", "candidate_id": "x"}}, schema)
