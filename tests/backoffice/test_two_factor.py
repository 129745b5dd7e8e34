"""Two-factor login for the admin (TOTP, django-otp): optional for staff, required for superusers
when ADMIN_REQUIRE_2FA=true."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.permissions import hr_manager_group_sync
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
INDEX = "/admin/"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def hr_user():
    user = UserFactory(username="hr.otp", is_staff=True)
    user.groups.add(hr_manager_group_sync())
    return user


def test_without_a_device_a_staff_account_signs_in_with_its_password_alone(client, hr_user):
    client.force_login(hr_user)

    assert client.get(INDEX).status_code == 200


def test_with_a_device_every_admin_page_asks_for_a_code_first(client, hr_user):
    TOTPDevice.objects.create(user=hr_user, name="phone", confirmed=True)
    client.force_login(hr_user)

    for page in [INDEX, reverse("admin:candidates_candidate_changelist")]:
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:two-factor-verify"))


def test_a_wrong_code_is_refused_and_a_right_one_opens_the_admin(client, hr_user):
    device = TOTPDevice.objects.create(user=hr_user, name="phone", confirmed=True)
    client.force_login(hr_user)
    verify = reverse("admin:two-factor-verify")

    wrong = client.post(verify, {"code": "000000" if _code(device) != "000000" else "111111", "next": INDEX})
    assert wrong.status_code == 200
    assert b"not valid" in wrong.content
    assert client.get(INDEX).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(verify, {"code": _code(device), "next": INDEX})

    assert right.status_code == 302 and right.url == INDEX
    assert client.get(INDEX).status_code == 200


def test_the_code_page_does_not_redirect_off_site(client, hr_user):
    device = TOTPDevice.objects.create(user=hr_user, name="phone", confirmed=True)
    client.force_login(hr_user)

    response = client.post(
        reverse("admin:two-factor-verify"), {"code": _code(device), "next": "https://evil.example/"}
    )

    assert response.url == reverse("admin:index")


def test_an_unverified_user_can_still_log_out(client, hr_user):
    TOTPDevice.objects.create(user=hr_user, name="phone", confirmed=True)
    client.force_login(hr_user)

    response = client.post(reverse("admin:logout"))

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_required_for_superusers_they_set_up_a_device_before_anything_else(client, settings):
    settings.ADMIN_REQUIRE_2FA = True
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get(INDEX)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:two-factor-setup"))

    page = client.get(response.url)
    body = page.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert "otpauth://totp/" in body and "secret=" in body
    assert "<svg" in body
    assert page.context["secret"] in body

    done = client.post(reverse("admin:two-factor-setup"), {"code": _code(device), "next": INDEX})

    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(INDEX).status_code == 200


def test_required_only_for_superusers_and_only_when_configured(client, settings, hr_user):
    settings.ADMIN_REQUIRE_2FA = True
    client.force_login(hr_user)
    assert client.get(INDEX).status_code == 200

    settings.ADMIN_REQUIRE_2FA = False
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(INDEX).status_code == 200


def test_a_staff_member_may_turn_two_factor_on_from_the_user_links(client, hr_user):
    client.force_login(hr_user)

    assert reverse("admin:two-factor-setup").encode() in client.get(INDEX).content
    assert client.get(reverse("admin:two-factor-setup")).status_code == 200


def test_the_two_factor_pages_are_for_staff_only(client):
    response = client.get(reverse("admin:two-factor-setup"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
