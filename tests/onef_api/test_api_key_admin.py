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
    response = admin_client.post(reverse("admin:onef_api_apikey_add"), {"name": "From admin"}, follow=True)
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
