"""hh.ru's settings: off while HH_CLIENT_ID is unset, complete or refused at start-up once it is set."""

import pytest
from django.core.exceptions import ImproperlyConfigured

BASE = {"DEBUG": "false", "SECRET_KEY": "k" * 50}
COMPLETE = {
    **BASE,
    "HH_CLIENT_ID": "id",
    "HH_CLIENT_SECRET": "secret",
    "HH_USER_AGENT": "Rec/1.0 (hr@example.com)",
}


def test_the_integration_is_off_without_a_client_id(read_settings):
    namespace = read_settings({**BASE, "PUBLIC_BASE_URL": "https://jobs.example.com"})
    assert namespace["HH_ENABLED"] is False
    assert namespace["HH_API_URL"] == "https://api.hh.ru" and namespace["HH_OAUTH_URL"] == "https://hh.ru"
    assert namespace["HH_REDIRECT_URL"] == "https://jobs.example.com/admin/hh/callback/"
    assert namespace["HH_POLL_MINUTES"] == 10


@pytest.mark.parametrize("missing", ["HH_CLIENT_SECRET", "HH_USER_AGENT"])
def test_a_client_id_needs_the_secret_and_the_user_agent(read_settings, missing):
    values = {k: v for k, v in COMPLETE.items() if k != missing}
    with pytest.raises(ImproperlyConfigured, match=f"{missing} must be set when HH_CLIENT_ID is set"):
        read_settings(values)


def test_a_complete_configuration_is_read(read_settings):
    namespace = read_settings(
        {**COMPLETE, "HH_API_URL": "http://fake:81/", "HH_WEBHOOK_SECRET": "a" * 20, "HH_POLL_MINUTES": "5"}
    )
    assert namespace["HH_ENABLED"] is True
    assert namespace["HH_API_URL"] == "http://fake:81"
    assert namespace["HH_WEBHOOK_SECRET"] == "a" * 20 and namespace["HH_POLL_MINUTES"] == 5


def test_a_short_webhook_secret_is_refused_without_quoting_it(read_settings):
    with pytest.raises(ImproperlyConfigured) as refused:
        read_settings({**COMPLETE, "HH_WEBHOOK_SECRET": "short"})
    assert "HH_WEBHOOK_SECRET must be 16 to 128 characters" in str(refused.value)
    assert "short" not in str(refused.value).split("must")[0]


def test_the_publish_defaults_are_hh_dictionary_ids(read_settings):
    namespace = read_settings({**COMPLETE, "HH_DEFAULT_AREA_ID": "2", "HH_DEFAULT_SCHEDULE": "remote"})
    assert namespace["HH_DEFAULT_AREA_ID"] == "2" and namespace["HH_DEFAULT_SCHEDULE"] == "remote"
    assert namespace["HH_DEFAULT_PROFESSIONAL_ROLE_ID"] == "96"
    assert namespace["HH_DEFAULT_BILLING_TYPE"] == "standard" and namespace["HH_DEFAULT_CURRENCY"] == "RUR"
    assert namespace["HH_DICTIONARIES_CACHE_HOURS"] == 24


@pytest.mark.parametrize(
    ("name", "value"), [("HH_DEFAULT_AREA_ID", "moscow"), ("HH_DEFAULT_BILLING_TYPE", "standard plus")]
)
def test_a_publish_default_that_is_no_dictionary_id_stops_start_up(read_settings, name, value):
    with pytest.raises(ImproperlyConfigured, match=f"{name} must be an hh.ru dictionary id"):
        read_settings({**COMPLETE, name: value})
