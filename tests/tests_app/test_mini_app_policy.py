import pytest
from django.urls import reverse

from tests.factories import AttemptFactory

pytestmark = pytest.mark.django_db


def test_the_normal_test_page_allows_only_its_own_scripts_and_no_frames(client):
    attempt = AttemptFactory()
    response = client.get(reverse("tests_app:page", args=[attempt.token]))

    policy = response["Content-Security-Policy"]
    assert "telegram.org" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_the_mini_app_page_may_load_telegrams_script_and_run_inside_telegram_web(client):
    attempt = AttemptFactory()
    response = client.get(reverse("tests_app:page", args=[attempt.token]) + "?via=telegram")

    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "https://telegram.org" in script_src
    assert "'self'" in script_src
    assert "frame-ancestors https://web.telegram.org" in policy
    assert not response.has_header("X-Frame-Options")


def test_other_test_page_requests_keep_the_strict_policy(client):
    attempt = AttemptFactory()
    response = client.post(reverse("tests_app:heartbeat", args=[attempt.token]) + "?via=telegram")
    assert "telegram.org" not in response.get("Content-Security-Policy", "")
