import datetime as dt
import logging

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from onef_api.apps import warn_if_open
from onef_api.models import ApiKey
from onef_api.services import api_key_create, api_key_hash, api_key_revoke, api_key_touch
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


def test_without_a_key_the_api_answers_401_json_with_a_bearer_challenge():
    response = APIClient().get(url("dashboard"))
    assert response.status_code == 401
    assert "API key" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_bearer_key_is_accepted(raw_key):
    response = APIClient().get(url("dashboard"), HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    assert response.status_code == 200


def test_an_x_api_key_header_is_accepted(raw_key):
    response = APIClient().get(url("dashboard"), HTTP_X_API_KEY=raw_key)
    assert response.status_code == 200


def test_an_unknown_key_is_refused_with_401():
    response = APIClient().get(url("dashboard"), HTTP_X_API_KEY="onef_not-a-real-key")
    assert response.status_code == 401
    assert "unknown or revoked" in response.json()["detail"]


def test_a_revoked_key_is_refused():
    api_key, raw = api_key_create(name="Old")
    api_key_revoke(api_key=api_key)
    assert APIClient().get(url("dashboard"), HTTP_X_API_KEY=raw).status_code == 401


def test_keys_are_stored_only_as_sha256_hashes():
    api_key, raw = api_key_create(name="Hashed")
    stored = ApiKey.objects.get(pk=api_key.pk)
    assert stored.key_hash == api_key_hash(raw) != raw
    assert raw.startswith(stored.prefix)
    assert not ApiKey.objects.filter(key_hash=raw).exists()


def test_auth_off_answers_without_a_key_and_ignores_unknown_keys(settings):
    settings.ONEF_API_AUTH = "off"
    assert APIClient().get(url("dashboard")).status_code == 200
    assert APIClient().get(url("dashboard"), HTTP_X_API_KEY="onef_bogus").status_code == 200


def test_auth_off_logs_a_warning(settings, caplog):
    settings.ONEF_API_AUTH = "off"
    with caplog.at_level(logging.WARNING, logger="onef_api"):
        assert warn_if_open() is True
    assert "WITHOUT an API key" in caplog.text


def test_auth_required_does_not_warn(settings, caplog):
    with caplog.at_level(logging.WARNING, logger="onef_api"):
        assert warn_if_open() is False
    assert caplog.text == ""


def test_use_records_last_used_at(raw_key):
    assert ApiKey.objects.get().last_used_at is None
    APIClient().get(url("dashboard"), HTTP_X_API_KEY=raw_key)
    assert ApiKey.objects.get().last_used_at is not None


def test_last_used_at_is_written_at_most_once_a_minute():
    api_key, _ = api_key_create(name="Busy")
    now = timezone.now()
    assert api_key_touch(api_key=api_key, now=now) is True
    assert api_key_touch(api_key=api_key, now=now + dt.timedelta(seconds=30)) is False
    assert api_key_touch(api_key=api_key, now=now + dt.timedelta(seconds=61)) is True
    assert ApiKey.objects.get().last_used_at == now + dt.timedelta(seconds=61)


def test_schema_and_docs_are_public():
    client = APIClient()
    assert client.get(url("schema/")).status_code == 200
    assert client.get(url("docs/")).status_code == 200
