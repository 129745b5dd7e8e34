"""Every POST honours `Idempotency-Key` (Stripe's rules): a retry has one effect, one webhook and one
Telegram message, and gets the first response again with `Idempotent-Replayed: true`."""

import datetime as dt
import uuid

import pytest
from rest_framework.test import APIClient

from candidates.models import Candidate
from messaging.models import Message
from onef_api.models import ApiKey, IdempotencyRecord, IdempotencyStatus
from onef_api.services import api_key_create, idempotency_begin
from onef_api.services.idempotency import request_fingerprint
from tests.factories import CandidateFactory, TestFactory
from tests.onef_api.conftest import url
from tests_app.models import Attempt
from webhooks.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings):
    """A webhook endpoint exists, so every change writes an outbox Event row."""
    settings.ONEF_WEBHOOK_URL = "http://127.0.0.1:9/onef/webhook"


def post(api, path, body, key):
    return api.post(url(path), body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_invite_creates_one_invitation_one_webhook_and_one_telegram_message(
    api,
    receiver,
    telegram_settings,
    local_cache,
    eager_celery,
    fake_telegram,
    django_capture_on_commit_callbacks,
):
    candidate, test = CandidateFactory(status="new", telegram_id=555), TestFactory()
    body = {"candidate_id": str(candidate.id), "test_id": str(test.id)}
    with django_capture_on_commit_callbacks(execute=True):
        first = post(api, "invites", body, "invite-1")
    with django_capture_on_commit_callbacks(execute=True):
        retry = post(api, "invites", body, "invite-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert Attempt.objects.count() == 1
    assert Event.objects.filter(event_type="candidate_status_changed").count() == 1
    assert len(fake_telegram.sent("sendMessage", chat_id=555)) == 1


def test_a_retried_message_sends_one_telegram_message(
    api, telegram_settings, local_cache, eager_celery, fake_telegram, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(telegram_id=777)
    body = {"candidate_id": str(candidate.id), "text": "See you on Monday"}
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(api, "messages", body, "message-1")
        assert response.status_code == 201
    assert Message.objects.count() == 1
    assert response.json()["id"] == str(Message.objects.get().id)
    assert len(fake_telegram.sent("sendMessage", chat_id=777)) == 1


def test_a_retried_status_change_emits_one_webhook(api, receiver):
    candidate = CandidateFactory(status="new")
    path = f"candidates/{candidate.id}/status"
    post(api, path, {"status": "interview"}, "status-1")
    # Meanwhile HR moves the candidate on; the retry must not move it back nor announce anything.
    Candidate.objects.filter(pk=candidate.pk).update(status="accepted")
    retry = post(api, path, {"status": "interview"}, "status-1")
    assert retry.status_code == 200 and retry.json()["status"] == "interview"
    assert retry["Idempotent-Replayed"] == "true"
    assert Event.objects.filter(event_type="candidate_status_changed").count() == 1
    assert Candidate.objects.get(pk=candidate.pk).status == "accepted"


@pytest.mark.parametrize(
    "path,first,second",
    [
        ("invites", {"expires_in_hours": 24}, {"expires_in_hours": 48}),
        ("messages", {"text": "One"}, {"text": "Two"}),
        ("status", {"status": "interview"}, {"status": "rejected"}),
    ],
)
def test_the_same_key_with_a_different_body_is_a_422_and_changes_nothing(api, path, first, second):
    candidate, test = CandidateFactory(), TestFactory()
    base = {"candidate_id": str(candidate.id), "test_id": str(test.id)} if path == "invites" else {}
    base |= {"candidate_id": str(candidate.id)} if path == "messages" else {}
    path = f"candidates/{candidate.id}/status" if path == "status" else path
    assert post(api, path, base | first, "key-1").status_code in (200, 201)
    counts = (Attempt.objects.count(), Message.objects.count(), Candidate.objects.get().status)
    response = post(api, path, base | second, "key-1")
    assert response.status_code == 422
    assert "different request" in response.json()["detail"]
    assert (Attempt.objects.count(), Message.objects.count(), Candidate.objects.get().status) == counts


def test_the_same_key_on_another_endpoint_is_a_422(api):
    candidate = CandidateFactory()
    post(api, f"candidates/{candidate.id}/status", {"status": "interview"}, "shared")
    response = post(api, "messages", {"candidate_id": str(candidate.id), "text": "Hi"}, "shared")
    assert response.status_code == 422


def test_a_request_in_flight_with_the_same_key_gets_a_409(api, raw_key):
    candidate = CandidateFactory()
    body = {"status": "interview"}
    path = f"/api/onef/candidates/{candidate.id}/status"
    key = ApiKey.objects.get()
    idempotency_begin(
        client=f"key:{key.pk}",
        key="busy",
        request_hash=request_fingerprint(method="POST", path=path, data=body),
    )
    response = api.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY="busy")
    assert response.status_code == 409
    assert "still being processed" in response.json()["detail"]
    assert Candidate.objects.get().status != "interview"


def test_keys_are_scoped_per_api_key(api):
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key_create(name='Other')[1]}")
    candidate = CandidateFactory(telegram_id=1)
    body = {"candidate_id": str(candidate.id), "text": "Hi"}
    assert post(api, "messages", body, "k").status_code == 201
    assert post(other, "messages", body, "k").status_code == 201
    assert Message.objects.count() == 2


def test_keys_are_scoped_per_client_ip_when_the_api_is_open(settings):
    settings.ONEF_API_AUTH = "off"
    candidate = CandidateFactory(telegram_id=1)
    body = {"candidate_id": str(candidate.id), "text": "Hi"}
    for address in ("10.0.0.1", "10.0.0.1", "10.0.0.2"):
        client = APIClient(REMOTE_ADDR=address)
        assert post(client, "messages", body, "k").status_code == 201
    assert Message.objects.count() == 2
    assert set(IdempotencyRecord.objects.values_list("client", flat=True)) == {"ip:10.0.0.1", "ip:10.0.0.2"}


def test_a_failed_request_releases_its_key_so_a_fixed_retry_runs(api):
    candidate = CandidateFactory(telegram_id=None)
    body = {"candidate_id": str(candidate.id), "text": "Hi"}
    assert post(api, "messages", body, "k").status_code == 409
    assert not IdempotencyRecord.objects.exists()
    Candidate.objects.filter(pk=candidate.pk).update(telegram_id=42)
    assert post(api, "messages", body, "k").status_code == 201


def test_a_key_older_than_24_hours_runs_the_request_again(api):
    candidate = CandidateFactory(telegram_id=1)
    body = {"candidate_id": str(candidate.id), "text": "Hi"}
    post(api, "messages", body, "k")
    IdempotencyRecord.objects.update(
        created_at=IdempotencyRecord.objects.get().created_at - dt.timedelta(hours=25)
    )
    response = post(api, "messages", body, "k")
    assert response.status_code == 201 and not response.has_header("Idempotent-Replayed")
    assert Message.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256])
def test_an_empty_or_too_long_key_is_a_400(api, key):
    candidate = CandidateFactory(telegram_id=1)
    response = post(api, "messages", {"candidate_id": str(candidate.id), "text": "Hi"}, key)
    assert response.status_code == 400 and "Idempotency-Key" in response.json()
    assert not Message.objects.exists()


def test_the_stored_record_holds_the_key_the_hash_and_the_response(api, raw_key):
    candidate = CandidateFactory(telegram_id=1)
    key = str(uuid.uuid4())
    response = post(api, "messages", {"candidate_id": str(candidate.id), "text": "Hi"}, key)
    record = IdempotencyRecord.objects.get()
    assert (record.key, record.status, record.response_status) == (key, IdempotencyStatus.COMPLETED, 201)
    assert record.api_key.name == "OneF test" and len(record.request_hash) == 64
    assert str(response.json()["id"]) in record.response_body


def test_the_purge_deletes_records_older_than_24_hours_only():
    from onef_api.tasks import purge_idempotency_keys

    old = idempotency_begin(client="ip:1", key="old", request_hash="a" * 64)[0]
    idempotency_begin(client="ip:1", key="new", request_hash="a" * 64)
    IdempotencyRecord.objects.filter(pk=old.pk).update(created_at=old.created_at - dt.timedelta(hours=25))
    assert purge_idempotency_keys() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
