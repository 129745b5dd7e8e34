import re

import pytest
from django.urls import reverse

from onef_api.models import ApiKey
from onef_api.selectors import api_key_for_raw
from onef_api.services import api_key_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def test_adding_a_key_in_the_admin_shows_the_key_once(admin_client):
    response = admin_client.post(
        reverse("admin:onef_api_apikey_add"), {"name": "From admin", "scopes": ["read", "write"]}, follow=True
    )
    found = re.search(r"onef_[A-Za-z0-9_-]{30,}", response.content.decode())
    assert found, "the new key is shown after saving"
    assert api_key_for_raw(found.group(0)) == ApiKey.objects.get(name="From admin")
    page = admin_client.get(reverse("admin:onef_api_apikey_change", args=[ApiKey.objects.get().pk]))
    assert found.group(0) not in page.content.decode()


def test_the_revoke_action_revokes_selected_keys(admin_client):
    api_key, raw = api_key_create(name="To revoke")
    admin_client.post(
        reverse("admin:onef_api_apikey_changelist"),
        {"action": "revoke_keys", "_selected_action": [api_key.pk]},
    )
    assert api_key_for_raw(raw) is None


def test_a_key_added_read_only_with_an_expiry_keeps_both(admin_client):
    admin_client.post(
        reverse("admin:onef_api_apikey_add"),
        {"name": "Reader", "scopes": ["read"], "expires_at_0": "2099-01-01", "expires_at_1": "00:00:00"},
    )
    api_key = ApiKey.objects.get(name="Reader")
    assert api_key.scopes == ["read"] and api_key.expires_at.year == 2099


def test_a_key_needs_at_least_one_scope(admin_client):
    response = admin_client.post(reverse("admin:onef_api_apikey_add"), {"name": "Nothing"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_the_list_shows_scopes_expiry_last_use_and_last_ip(admin_client):
    api_key, _ = api_key_create(name="Shown", scopes=["read"])
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_ip="203.0.113.7")
    page = admin_client.get(reverse("admin:onef_api_apikey_changelist")).content.decode()
    assert "203.0.113.7" in page and "Last used from IP" in page and "Expires at" in page


def test_the_rotate_action_shows_a_new_working_key_and_keeps_the_old_one(admin_client):
    old, old_raw = api_key_create(name="Rotated", scopes=["read"])
    response = admin_client.post(
        reverse("admin:onef_api_apikey_changelist"),
        {"action": "rotate_keys", "_selected_action": [old.pk]},
        follow=True,
    )
    new_raw = re.search(r"onef_[A-Za-z0-9_-]{30,}", response.content.decode()).group(0)
    new = api_key_for_raw(new_raw)
    assert new != old and new.name == "Rotated" and new.scopes == ["read"]
    assert api_key_for_raw(old_raw) == old
