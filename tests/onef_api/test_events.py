"""GET /events: the webhooks sent, read back from a cursor (the outbox rows, no second copy)."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from candidates import services as candidate_services
from onef_api.services import api_key_create
from tests.factories import CandidateFactory
from tests.onef_api.conftest import url
from tests.webhooks.conftest import send_due
from webhooks.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(httpserver, settings):
    settings.ONEF_WEBHOOK_URL = httpserver.url_for("/hook")
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    return httpserver


def changes(*statuses) -> None:
    candidate = CandidateFactory(status="new")
    for status in statuses:
        candidate_services.candidate_status_change(candidate=candidate, status=status)


def test_every_webhook_sent_is_in_the_feed_in_order_with_the_same_id_and_body(api, receiver):
    changes("reviewing", "interview", "accepted")
    send_due()
    sent = {request.headers["webhook-id"]: request.get_data() for request, _ in receiver.log}
    response = api.get(url("events"))
    assert response.status_code == 200
    items = response.json()
    assert {item["id"] for item in items} == set(sent)
    assert [item["body"]["requestBody"]["status"] for item in items] == ["reviewing", "interview", "accepted"]
    raw_items = json.loads(response.content)
    for item in raw_items:
        assert json.dumps(item["body"], separators=(",", ":")).encode() == sent[item["id"]]
    assert [int(item["cursor"]) for item in items] == sorted(int(item["cursor"]) for item in items)


def test_paging_with_the_cursor_never_repeats_or_skips(api, receiver):
    changes("reviewing", "interview", "accepted", "rejected", "new")
    seen, after = [], None
    for _ in range(10):
        query = "events?limit=2" + (f"&after={after}" if after else "")
        response = api.get(url(query))
        page = response.json()
        if not page:
            break
        seen += [item["id"] for item in page]
        after = response["X-Next-Cursor"]
        assert ("Link" in response) == (len(seen) < 5)
    assert len(seen) == len(set(seen)) == Event.objects.count() == 5


def test_the_next_link_keeps_the_type_and_limit(api, receiver):
    changes("reviewing", "interview")
    response = api.get(url("events?type=candidate_status_changed&limit=1"))
    assert "type=candidate_status_changed" in response["Link"] and "limit=1" in response["Link"]


def test_an_unknown_type_or_a_bad_cursor_or_limit_is_a_400(api):
    for query in ("type=nothing", "after=abc", "after=-1", "limit=0", "limit=501"):
        assert api.get(url(f"events?{query}")).status_code == 400, query


def test_an_expired_cursor_is_a_410_with_the_oldest_cursor(api, receiver, settings):
    changes("reviewing", "interview")
    api.get(url("events"))
    Event.objects.filter(position=1).update(created_at=timezone.now() - dt.timedelta(days=31))
    response = api.get(url("events?after=0"))
    assert response.status_code == 410 and response.json()["oldest_cursor"] == "1"
    assert len(api.get(url("events?after=1")).json()) == 1


def test_a_read_only_key_may_read_the_feed(receiver):
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=api_key_create(name="Reader", scopes=["read"])[1])
    assert client.get(url("events/")).status_code == 200
