"""hh.ru's webhook subscription from the set-up page: every kind we act on (responses, chat messages,
vacancy changes), added idempotently to an install that subscribed before some kinds existed."""

import pytest
from django.urls import reverse

from job_boards.models import HHConnection
from job_boards.services.notifications import (
    SUBSCRIBED_ACTIONS,
    hh_subscribe,
    hh_unsubscribe,
    hh_webhook_url,
)
from tests.factories import UserFactory
from tests.job_boards.conftest import WEBHOOK_SECRET

pytestmark = pytest.mark.django_db

OLD_KINDS = [{"type": "NEW_RESPONSE_OR_INVITATION_VACANCY"}, {"type": "NEW_NEGOTIATION_VACANCY"}]


def kinds(subscription: dict) -> list[str]:
    return [a["type"] for a in subscription["actions"]]


def test_subscribing_registers_our_secret_url_for_every_kind_and_unsubscribing_deletes_it(
    hh_connected, fake_hh, settings
):
    settings.PUBLIC_BASE_URL = "https://hr.example.com"
    connection, added = hh_subscribe()
    [subscription] = fake_hh.subscriptions.values()
    assert subscription["url"] == f"https://hr.example.com/hh/webhook/{WEBHOOK_SECRET}/"
    assert kinds(subscription) == list(SUBSCRIBED_ACTIONS) == added
    assert {"CHAT_MESSAGE_CREATED", "VACANCY_ARCHIVATION", "VACANCY_CHANGE"} <= set(added)
    assert connection.webhook_subscription_id == subscription["id"]

    hh_unsubscribe()
    assert fake_hh.subscriptions == {}
    assert HHConnection.objects.get().webhook_subscription_id == ""


def test_an_old_subscription_gets_the_missing_kinds_added_keeping_its_own(hh_connected, fake_hh, settings):
    settings.PUBLIC_BASE_URL = "https://hr.example.com"
    url = f"https://hr.example.com/hh/webhook/{WEBHOOK_SECRET}/"
    old = [*OLD_KINDS, {"type": "VACANCY_PROLONGATION", "settings": {"vacancies_only_mine": False}}]
    fake_hh.subscriptions["77"] = {"id": "77", "url": url, "actions": old}
    HHConnection.objects.filter(pk=1).update(webhook_subscription_id="77")

    _connection, added = hh_subscribe()

    assert added == ["CHAT_MESSAGE_CREATED", "VACANCY_ARCHIVATION", "VACANCY_CHANGE"]
    [subscription] = fake_hh.subscriptions.values()  # the same one, changed with PUT
    assert subscription["id"] == "77" and subscription["actions"][:3] == old
    assert set(SUBSCRIBED_ACTIONS) <= set(kinds(subscription))

    requests_before = len(fake_hh.requests)
    assert hh_subscribe()[1] == []  # complete: left alone
    assert ("PUT", "/webhook/subscriptions/77") not in fake_hh.requests[requests_before:]
    assert len(fake_hh.subscriptions) == 1


def test_the_set_up_page_names_the_missing_kinds_and_subscribe_again_adds_them(client, hh_connected, fake_hh):
    client.force_login(UserFactory(is_superuser=True))
    fake_hh.subscriptions["5"] = {"id": "5", "url": hh_webhook_url(), "actions": OLD_KINDS}
    HHConnection.objects.filter(pk=1).update(webhook_subscription_id="5")

    page = client.get(reverse("admin:hh-setup")).content.decode()
    assert 'id="hh-missing-kinds"' in page and "CHAT_MESSAGE_CREATED" in page
    assert WEBHOOK_SECRET not in page

    after = client.post(
        reverse("admin:hh-subscription"), {"action": "subscribe"}, follow=True
    ).content.decode()
    assert "CHAT_MESSAGE_CREATED, VACANCY_ARCHIVATION, VACANCY_CHANGE" in after
    assert 'id="hh-missing-kinds"' not in after
    assert set(SUBSCRIBED_ACTIONS) <= set(kinds(fake_hh.subscriptions["5"]))


def test_the_set_up_page_lists_hh_subscriptions_with_the_secret_masked(client, hh_connected, fake_hh):
    client.force_login(UserFactory(is_superuser=True))
    hh_subscribe()
    page = client.get(reverse("admin:hh-setup")).content.decode()
    assert 'id="hh-subscriptions"' in page and "/hh/webhook/…/" in page
    assert WEBHOOK_SECRET not in page and 'id="hh-missing-kinds"' not in page
