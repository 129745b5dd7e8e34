"""The MAX bot's settings: off without a token, MAX's documented address by default, and the webhook's
secret checked at start-up like every other setting."""

import pytest
from django.core.exceptions import ImproperlyConfigured

BASE = {"DEBUG": "false", "SECRET_KEY": "k" * 50}


def test_the_bot_is_off_by_default_and_polls_the_documented_address(read_settings):
    namespace = read_settings({**BASE, "PUBLIC_BASE_URL": "https://jobs.example.com"})
    assert namespace["MAX_BOT_TOKEN"] == ""
    assert namespace["MAX_API_URL"] == "https://platform-api2.max.ru"
    assert namespace["MAX_MODE"] == "polling"
    assert namespace["MAX_WEBHOOK_URL"] == "https://jobs.example.com/max/webhook/"


def test_webhook_mode_with_a_token_needs_a_secret_outside_debug(read_settings):
    webhook = {**BASE, "MAX_MODE": "webhook", "MAX_BOT_TOKEN": "t"}
    with pytest.raises(ImproperlyConfigured, match="MAX_WEBHOOK_SECRET must be set when MAX_MODE=webhook"):
        read_settings(webhook)
    assert read_settings({**webhook, "DEBUG": "true"})["MAX_WEBHOOK_SECRET"] == ""


def test_a_secret_max_would_refuse_is_refused_without_quoting_it(read_settings):
    with pytest.raises(ImproperlyConfigured) as refused:
        read_settings({**BASE, "MAX_WEBHOOK_SECRET": "abc"})  # MAX wants 5 to 256 characters
    assert "MAX_WEBHOOK_SECRET must be 5 to 256 characters" in str(refused.value)
    assert "abc" not in str(refused.value)


def test_a_max_api_url_that_is_not_a_url_is_refused(read_settings):
    with pytest.raises(ImproperlyConfigured, match="MAX_API_URL must be an absolute"):
        read_settings({**BASE, "MAX_API_URL": "platform-api.max.ru"})
