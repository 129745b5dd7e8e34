import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import DeliveryFactory, EventFactory
from webhooks import services
from webhooks.models import DeliveryStatus, Event

pytestmark = pytest.mark.django_db


def _event_aged(days: int, *statuses: str) -> Event:
    event = EventFactory(payload={"requestBody": {"cv_file_base64": "JVBERi0x"}})
    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    for status in statuses:
        DeliveryFactory(event=event, status=status)
    return event


def test_payloads_delivered_everywhere_before_the_retention_period_are_blanked(settings):
    settings.WEBHOOK_RETENTION_DAYS = 30
    old_delivered = _event_aged(31, DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED)
    old_partly_failed = _event_aged(31, DeliveryStatus.DELIVERED, DeliveryStatus.FAILED)
    recent = _event_aged(29, DeliveryStatus.DELIVERED)

    assert services.deliveries_purge() == 1

    old_delivered.refresh_from_db()
    assert old_delivered.payload == {}
    assert old_delivered.payload_purged_at is not None
    for kept in (old_partly_failed, recent):
        kept.refresh_from_db()
        assert kept.payload["requestBody"]["cv_file_base64"] == "JVBERi0x"
    assert services.deliveries_purge() == 0
