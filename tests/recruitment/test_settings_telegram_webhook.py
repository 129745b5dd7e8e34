"""TELEGRAM_MODE and the webhook's settings are checked at start-up like every other setting."""

import pytest
from django.core.exceptions import ImproperlyConfigured

BASE = {"DEBUG": "false", "SECRET_KEY": "k" * 50}


def test_polling_is_the_default_and_the_webhook_url_follows_the_public_address(read_settings):
    namespace = read_settings({**BASE, "PUBLIC_BASE_URL": "https://jobs.example.com"})
    assert namespace["TELEGRAM_MODE"] == "polling"
    assert namespace["TELEGRAM_WEBHOOK_URL"] == "https://jobs.example.com/telegram/webhook/"
    assert namespace["TELEGRAM_WEBHOOK_SECRET"] == ""
    assert namespace["INBOX_LEASE_SECONDS"] == namespace["CELERY_TASK_TIME_LIMIT"]


def test_an_unknown_mode_is_refused(read_settings):
    with pytest.raises(ImproperlyConfigured, match="TELEGRAM_MODE must be one of polling, webhook"):
        read_settings({**BASE, "TELEGRAM_MODE": "push"})


def test_webhook_mode_needs_a_secret_outside_debug(read_settings):
    with pytest.raises(
        ImproperlyConfigured, match="TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_MODE=webhook"
    ):
        read_settings({**BASE, "TELEGRAM_MODE": "webhook"})
    assert (
        read_settings({**BASE, "TELEGRAM_MODE": "webhook", "DEBUG": "true"})["TELEGRAM_WEBHOOK_SECRET"] == ""
    )


def test_a_secret_telegram_would_refuse_is_refused_without_quoting_it(read_settings):
    with pytest.raises(ImproperlyConfigured) as refused:
        read_settings({**BASE, "TELEGRAM_MODE": "webhook", "TELEGRAM_WEBHOOK_SECRET": "my secret!"})
    assert "TELEGRAM_WEBHOOK_SECRET must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -" in str(
        refused.value
    )
    assert "my secret!" not in str(refused.value)


def test_a_webhook_configuration_is_read(read_settings):
    namespace = read_settings(
        {
            **BASE,
            "TELEGRAM_MODE": "Webhook",
            "TELEGRAM_WEBHOOK_SECRET": "s3cret_-token",
            "TELEGRAM_WEBHOOK_URL": "https://bot.example.com/hooks/telegram",
            "INBOX_LEASE_SECONDS": "60",
        }
    )
    assert (namespace["TELEGRAM_MODE"], namespace["TELEGRAM_WEBHOOK_SECRET"]) == ("webhook", "s3cret_-token")
    assert namespace["TELEGRAM_WEBHOOK_URL"] == "https://bot.example.com/hooks/telegram"
    assert namespace["INBOX_LEASE_SECONDS"] == 60


@pytest.mark.parametrize(
    ("variable", "value"), [("TELEGRAM_WEBHOOK_URL", "bot.example.com"), ("INBOX_LEASE_SECONDS", "1")]
)
def test_a_bad_webhook_url_or_lease_is_refused_naming_it(read_settings, variable, value):
    with pytest.raises(ImproperlyConfigured, match=variable):
        read_settings({**BASE, variable: value})
