import logging
import uuid

import pytest

from core.observability.request_id import get_request_id, is_well_formed


def test_a_well_formed_request_id_is_kept_on_the_response(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc.DEF_123-x")

    assert response["X-Request-ID"] == "abc.DEF_123-x"


@pytest.mark.parametrize("bad", ["", "a" * 129, "has space", "semi;colon", "ünicode", "new\nline"])
def test_a_malformed_request_id_is_replaced_by_a_new_uuid4_hex(client, bad):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=bad)

    generated = response["X-Request-ID"]
    assert generated != bad
    assert uuid.UUID(hex=generated).version == 4 and len(generated) == 32


def test_every_response_carries_a_request_id_errors_included(client, db):
    for path in ("/healthz", "/no-such-page/", "/api/onef/candidates", "/admin/"):
        assert is_well_formed(client.get(path)["X-Request-ID"]), path


def test_each_request_without_an_id_gets_its_own(client):
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


def test_the_id_is_current_during_the_request_only(client, json_logs):
    client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-404")

    assert get_request_id() is None
    lines = [line for line in json_logs.records() if line["logger"] == "django.request"]
    assert lines and all(line["request_id"] == "trace-404" for line in lines)


def test_records_outside_a_request_say_dash(json_logs):
    logging.getLogger("recruitment").info("outside")

    assert json_logs.records()[-1]["request_id"] == "-"
