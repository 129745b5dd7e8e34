"""recruitment.email_settings: e-mail is off until a mail server is named; a bad or missing value
that e-mail needs stops start-up with a message naming the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from recruitment.email_settings import email_settings
from recruitment.environment import Env


def read(**values) -> dict:
    return email_settings(Env(values))


def test_without_a_mail_server_email_is_off_and_nothing_is_required():
    settings = read(EMAIL_BACKEND="")
    assert (settings["EMAIL_ENABLED"], settings["EMAIL_INBOUND_MODE"]) == (False, "off")


def test_a_mail_server_needs_a_from_address_and_defaults_to_starttls_on_587():
    with pytest.raises(ImproperlyConfigured, match="DEFAULT_FROM_EMAIL"):
        read(EMAIL_HOST="smtp.example.com")
    settings = read(EMAIL_HOST="smtp.example.com", DEFAULT_FROM_EMAIL="Acme <jobs@example.com>")
    assert settings["EMAIL_ENABLED"] and settings["EMAIL_USE_TLS"] and not settings["EMAIL_USE_SSL"]
    assert settings["EMAIL_REPLY_ADDRESS"] == "jobs@example.com"
    assert read(EMAIL_HOST="smtp.example.com", EMAIL_PORT="465", DEFAULT_FROM_EMAIL="jobs@example.com")[
        "EMAIL_USE_SSL"
    ]


def test_the_reply_address_must_be_an_address_without_a_plus_tag():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_REPLY_ADDRESS"):
        read(EMAIL_REPLY_ADDRESS="jobs+x@example.com")


def test_imap_polling_is_the_default_inbound_once_an_imap_host_is_set_and_needs_a_user():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_IMAP_USER"):
        read(EMAIL_IMAP_HOST="imap.example.com", DEFAULT_FROM_EMAIL="jobs@example.com")
    settings = read(
        EMAIL_IMAP_HOST="imap.example.com", EMAIL_IMAP_USER="jobs", DEFAULT_FROM_EMAIL="jobs@example.com"
    )
    assert settings["EMAIL_INBOUND_MODE"] == "imap"


def test_the_inbound_webhook_needs_its_secret():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_INBOUND_SECRET"):
        read(EMAIL_INBOUND_MODE="webhook", DEFAULT_FROM_EMAIL="jobs@example.com")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_INBOUND_SECRET"):
        read(
            EMAIL_INBOUND_MODE="webhook", EMAIL_INBOUND_SECRET="short", DEFAULT_FROM_EMAIL="jobs@example.com"
        )


def test_the_email_budget_defaults_to_sixty_a_minute_and_refuses_zero():
    assert read()["EMAIL_RATE_PER_MINUTE"] == 60
    assert read(EMAIL_RATE_PER_MINUTE="2")["EMAIL_RATE_PER_MINUTE"] == 2
    with pytest.raises(ImproperlyConfigured, match="EMAIL_RATE_PER_MINUTE"):
        read(EMAIL_RATE_PER_MINUTE="0")
