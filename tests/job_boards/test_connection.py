"""The employer's connection: OAuth code flow with the state checked, encrypted tokens, one refresh on
expiry, HR told when the refresh fails, disconnect."""

import pytest
from django.urls import reverse

from hr_notifications.models import HRNotification, NotificationKind
from job_boards.hh.client import HHAuthError
from job_boards.hh.tokens import token_decrypt
from job_boards.models import ConnectionState, HHConnection
from job_boards.services.connection import hh_client, hh_disconnect
from tests.factories import UserFactory
from tests.fake_hh import ME

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(client):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    return user


def test_connect_goes_to_hh_with_a_state_and_the_callback_stores_the_tokens_encrypted(
    client, hr, hh_settings, fake_hh
):
    response = client.post(reverse("admin:hh-connect"))
    location = response["Location"]
    assert location.startswith(
        f"{fake_hh.base_url}/oauth/authorize?response_type=code&client_id=fake-client-id"
    )
    state = client.session["hh_oauth_state"]
    assert f"state={state}" in location

    page = client.get(reverse("admin:hh-callback"), {"code": "code-1", "state": state}, follow=True)

    connection = HHConnection.objects.get()
    assert connection.state == ConnectionState.CONNECTED
    assert connection.employer_name == ME["employer"]["name"] and connection.employer_id == "4242"
    assert connection.connected_by == hr
    assert token_decrypt(connection.access_token) in fake_hh.valid_tokens
    assert "access-" not in connection.access_token  # stored encrypted, not as hh sent it
    content = page.content.decode()
    assert ME["employer"]["name"] in content and token_decrypt(connection.access_token) not in content


def test_a_callback_with_another_state_connects_nothing(client, hr, hh_settings, fake_hh):
    client.post(reverse("admin:hh-connect"))
    page = client.get(reverse("admin:hh-callback"), {"code": "code-1", "state": "forged"}, follow=True)
    assert HHConnection.objects.filter(state=ConnectionState.CONNECTED).count() == 0
    assert "did not match" in page.content.decode()
    assert ("POST", "/oauth/token") not in fake_hh.requests


def test_an_expired_token_is_refreshed_once_and_the_request_succeeds(hh_connected, fake_hh):
    old = token_decrypt(hh_connected.access_token)
    fake_hh.expire_all_tokens()

    me = hh_client().get("/me")

    assert me["employer"]["id"] == "4242"
    hh_connected.refresh_from_db()
    new = token_decrypt(hh_connected.access_token)
    assert new != old and new in fake_hh.valid_tokens
    assert fake_hh.requests.count(("POST", "/oauth/token")) == 1


def test_a_failed_refresh_marks_the_connection_and_tells_hr(hh_connected, fake_hh):
    hr = UserFactory(is_superuser=True)
    fake_hh.expire_all_tokens()
    fake_hh.refresh_fails = True

    with pytest.raises(HHAuthError):
        hh_client().get("/me")

    hh_connected.refresh_from_db()
    assert hh_connected.state == ConnectionState.TOKEN_FAILED
    assert "invalid_grant" in hh_connected.last_error or "token not found" in hh_connected.last_error
    assert fake_hh.requests.count(("POST", "/oauth/token")) == 1  # once, no storm
    notification = HRNotification.objects.get(user=hr)
    assert notification.kind == NotificationKind.JOB_BOARD and "Connect again" in notification.text
    with pytest.raises(HHAuthError):
        hh_client()  # no more requests until HR connects again


def test_disconnect_invalidates_the_token_at_hh_and_forgets_it(hh_connected, fake_hh):
    hh_disconnect()
    connection = HHConnection.objects.get()
    assert connection.state == ConnectionState.DISCONNECTED and connection.access_token == ""
    assert ("DELETE", "/oauth/token") in fake_hh.requests


def test_the_page_says_the_integration_is_off_without_settings(client, hr, settings):
    settings.HH_ENABLED = False
    page = client.get(reverse("admin:hh-setup"))
    assert page.status_code == 200 and b"hh-off" in page.content


def test_a_revoked_token_marks_the_connection_and_tells_hr_without_a_refresh(hh_connected, fake_hh):
    hr = UserFactory(is_superuser=True)
    fake_hh.revoked_tokens |= fake_hh.valid_tokens

    with pytest.raises(HHAuthError):
        hh_client().get("/me")

    assert HHConnection.objects.get().state == ConnectionState.TOKEN_FAILED
    assert ("POST", "/oauth/token") not in fake_hh.requests
    assert HRNotification.objects.filter(user=hr, kind=NotificationKind.JOB_BOARD).count() == 1
