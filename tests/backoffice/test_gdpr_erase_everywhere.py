"""After erasure, the person's name, email, phone and Telegram id are in no text or JSON column of
any table: webhook payloads and delivery bodies, the bot's chat and inbox, messages included."""

import json

import pytest
from django.apps import apps
from django.db import models

from backoffice.gdpr import candidate_erase
from candidates.services import candidate_status_change
from messaging import services as messaging_services
from messaging.models import BotChat, TelegramUpdate
from tests.factories import CandidateFactory, DeliveryAttemptFactory, EndpointFactory
from webhooks.models import Delivery, Event

pytestmark = pytest.mark.django_db

TELEGRAM_ID = 987654321
PERSONAL = ["Wilhelmina", "Quaxelbrand", "wilhelmina.q@example.org", "+491701234567", str(TELEGRAM_ID)]


def _every_text_value() -> str:
    """Every value of every text, char and JSON column of every table, as one string."""
    found = []
    for model in apps.get_models():
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(
                field, (models.CharField, models.TextField, models.JSONField, models.BigIntegerField)
            )
        ]
        if fields:
            for row in model.objects.values_list(*fields):
                found.append(json.dumps(row, default=str, ensure_ascii=False))
    return "\n".join(found)


@pytest.fixture
def person():
    EndpointFactory()
    candidate = CandidateFactory(
        name="Wilhelmina", surname="Quaxelbrand", email="wilhelmina.q@example.org",
        phone="+491701234567", telegram_id=TELEGRAM_ID,
    )  # fmt: skip
    candidate_status_change(candidate=candidate, status="interview")
    chat = {"id": TELEGRAM_ID, "type": "private", "first_name": "Wilhelmina"}
    update = {"update_id": 1, "message": {"message_id": 1, "chat": chat, "from": chat, "text": "Hi"}}
    messaging_services.telegram_updates_store(payloads=[update])
    messaging_services.message_receive(
        candidate=candidate, text="Wilhelmina here", telegram_chat_id=TELEGRAM_ID, telegram_message_id=1
    )
    BotChat.objects.create(telegram_chat_id=TELEGRAM_ID, data={"first_name": "Wilhelmina"})
    for delivery in Delivery.objects.all():
        DeliveryAttemptFactory(delivery=delivery, request_body=json.dumps(delivery.event.payload))
    return candidate


def test_nothing_personal_remains_in_any_table_after_erasure(person):
    before = _every_text_value()
    assert all(value in before for value in PERSONAL)  # the search can find them
    assert Event.objects.filter(candidate_id=person.pk).exists()

    assert candidate_erase(candidate=person)

    after = _every_text_value()
    assert [value for value in PERSONAL if value in after] == []
    assert not BotChat.objects.filter(telegram_chat_id=TELEGRAM_ID).exists()
    assert not TelegramUpdate.objects.exists()
    assert all(event.payload == {} for event in Event.objects.filter(candidate_id=person.pk))


def test_the_anonymized_signal_scrubs_webhook_payloads_whoever_anonymises(person):
    from candidates.services import candidate_anonymize

    candidate_anonymize(candidate=person)

    assert all(event.payload_purged_at for event in Event.objects.filter(candidate_id=person.pk))
    assert not Delivery.objects.filter(event__candidate_id=person.pk, status="pending").exists()
