import pytest
from django.urls import reverse

from messaging.models import DeliveryStatus
from tests.factories import OutboundMessageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def test_the_message_list_shows_the_delivery_state_and_error(admin_client, settings):
    settings.TELEGRAM_BOT_TOKEN = "123:abc"
    OutboundMessageFactory(delivery_status=DeliveryStatus.FAILED, delivery_error="Forbidden: bot was blocked")
    page = admin_client.get(reverse("admin:messaging_message_changelist")).content.decode()
    assert "Forbidden: bot was blocked" in page
    assert "Failed" in page
    assert "not configured" not in page


def test_the_admin_says_when_the_bot_is_not_configured(admin_client, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    page = admin_client.get(reverse("admin:messaging_message_changelist")).content.decode()
    assert "The Telegram bot is not configured" in page


def test_retry_delivery_requeues_failed_messages_only(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.TELEGRAM_BOT_TOKEN = ""
    failed = OutboundMessageFactory(delivery_status=DeliveryStatus.FAILED, delivery_error="blocked")
    sent = OutboundMessageFactory(delivery_status=DeliveryStatus.SENT)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client.post(
            reverse("admin:messaging_message_changelist"),
            {"action": "retry_delivery", "_selected_action": [str(failed.pk), str(sent.pk)]},
        )
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.delivery_status, failed.delivery_error) == (DeliveryStatus.QUEUED, "")
    assert sent.delivery_status == DeliveryStatus.SENT
    assert len(callbacks) == 1
