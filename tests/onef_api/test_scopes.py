"""Keys carry scopes (`read` for GET, `write` for POST) and an optional expiry; their use is recorded."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from rest_framework.test import APIClient

from onef_api.models import ApiKey
from onef_api.services import api_key_create
from tests.factories import CandidateFactory
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


def client_for(**kwargs) -> APIClient:
    client = APIClient(REMOTE_ADDR="198.51.100.4")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key_create(name='Scoped', **kwargs)[1]}")
    return client


def test_a_read_key_reads_but_a_post_is_a_403_naming_the_missing_scope():
    reader = client_for(scopes=["read"])
    candidate = CandidateFactory(status="new")
    assert reader.get(url("candidates")).status_code == 200
    response = reader.post(url(f"candidates/{candidate.id}/status"), {"status": "interview"}, format="json")
    assert response.status_code == 403
    assert "lacks the 'write' scope" in response.json()["detail"]
    candidate.refresh_from_db()
    assert candidate.status == "new"


def test_a_write_only_key_cannot_read():
    response = client_for(scopes=["write"]).get(url("candidates"))
    assert response.status_code == 403 and "'read' scope" in response.json()["detail"]


def test_a_read_write_key_does_both():
    client = client_for(scopes=["read", "write"])
    candidate = CandidateFactory()
    assert client.get(url("candidates")).status_code == 200
    assert (
        client.post(
            url(f"candidates/{candidate.id}/status"), {"status": "interview"}, format="json"
        ).status_code
        == 200
    )


def test_an_expired_key_is_a_401_that_says_so():
    client = client_for(expires_at=timezone.now() + dt.timedelta(hours=1))
    ApiKey.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(url("candidates"))
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_a_key_not_yet_expired_works():
    assert (
        client_for(expires_at=timezone.now() + dt.timedelta(days=1)).get(url("candidates")).status_code == 200
    )


def test_use_records_the_last_ip():
    client_for().get(url("candidates"))
    assert ApiKey.objects.get().last_used_ip == "198.51.100.4"


def test_rotation_both_keys_work_until_the_old_is_revoked():
    from onef_api.services import api_key_revoke, api_key_rotate

    old, old_raw = api_key_create(name="Rotating")
    _, new_raw = api_key_rotate(api_key=old)
    for raw in (old_raw, new_raw):
        assert APIClient().get(url("candidates"), HTTP_X_API_KEY=raw).status_code == 200
    api_key_revoke(api_key=old)
    assert APIClient().get(url("candidates"), HTTP_X_API_KEY=old_raw).status_code == 401
    assert APIClient().get(url("candidates"), HTTP_X_API_KEY=new_raw).status_code == 200


def test_the_data_migration_gives_existing_keys_read_and_write():
    # The suite runs without migrations (--no-migrations): call the migration's function directly.
    migration = importlib.import_module("onef_api.migrations.0003_api_key_scopes_expiry_last_ip")
    old, _ = api_key_create(name="Old", scopes=["read"])
    migration.existing_keys_keep_full_access(django_apps, None)
    old.refresh_from_db()
    assert old.scopes == ["read", "write"]
