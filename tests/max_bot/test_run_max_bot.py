"""`manage.py run_max_bot`: off without a token, refuses a token MAX rejects, subscribes in webhook mode."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_without_a_token_the_bot_is_off_and_says_so(settings):
    settings.MAX_BOT_TOKEN = ""
    with pytest.raises(CommandError, match="MAX_BOT_TOKEN is not set"):
        call_command("run_max_bot")


def test_a_token_max_rejects_stops_the_command_with_a_clear_error(fake_max, settings):
    settings.MAX_BOT_TOKEN = "revoked"
    with pytest.raises(CommandError, match="MAX rejected MAX_BOT_TOKEN"):
        call_command("run_max_bot")


def test_webhook_mode_subscribes_the_webhook_url_with_its_secret_and_update_types(fake_max, settings):
    settings.MAX_MODE = "webhook"
    settings.MAX_WEBHOOK_URL = "https://jobs.example.com/max/webhook/"
    settings.MAX_WEBHOOK_SECRET = "a-secret_12345"

    call_command("run_max_bot")

    [call] = [call for call in fake_max.calls if call.path == "/subscriptions"]
    assert call.body == {
        "url": "https://jobs.example.com/max/webhook/",
        "update_types": ["message_created", "message_callback", "bot_started"],
        "secret": "a-secret_12345",
    }
