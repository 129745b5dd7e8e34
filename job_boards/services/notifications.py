"""hh.ru's webhook: our endpoint stores each notification once (by its id) and queues its import after
commit; the subscriptions (POST/GET/DELETE /webhook/subscriptions) are managed from the set-up page."""

import contextlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from job_boards.hh.client import HHError, HHNotFound
from job_boards.models import HHConnection, HHNotification
from job_boards.selectors import hh_connection, hh_link_by_hh_id
from job_boards.services.connection import hh_client
from job_boards.services.imports import hh_negotiation_import, hh_vacancy_import
from job_boards.services.vacancies import hh_vacancy_check

# Responses and invitations on the employer's vacancies (hh.ru's Webhook API action types).
SUBSCRIBED_ACTIONS = ("NEW_RESPONSE_OR_INVITATION_VACANCY", "NEW_NEGOTIATION_VACANCY")


class BadNotification(ValueError):
    pass


def hh_webhook_url() -> str:
    return f"{settings.PUBLIC_BASE_URL}/hh/webhook/{settings.HH_WEBHOOK_SECRET}/"


def hh_notification_receive(*, body: object) -> HHNotification | None:
    """Store the notification; None when its id was seen already (hh.ru may send one twice)."""
    if not isinstance(body, dict) or not str(body.get("id") or "") or not body.get("action_type"):
        raise BadNotification("A notification needs `id` and `action_type`.")
    payload = body.get("payload") if isinstance(body.get("payload"), dict) else {}
    try:
        with transaction.atomic():
            notification = HHNotification.objects.create(
                hh_id=str(body["id"])[:64], action_type=str(body["action_type"])[:64], payload=payload
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _enqueue(notification.pk), robust=True)
    return notification


def _enqueue(notification_id: int) -> None:
    from job_boards.tasks import process_notification  # tasks call these services

    process_notification.delay(notification_id)


def hh_notification_process(*, notification: HHNotification) -> bool:
    """Import what the notification names: the response (`topic_id`); for a change of the vacancy
    itself (an action type `VACANCY_...`) read the vacancy again; else import the whole vacancy."""
    payload = notification.payload
    link = hh_link_by_hh_id(hh_vacancy_id=str(payload.get("vacancy_id") or ""))
    done = False
    if link is not None:
        topic = str(payload.get("topic_id") or payload.get("negotiation_id") or "")
        if topic:
            try:
                done = hh_negotiation_import(link=link, negotiation_id=topic)
            except HHNotFound:
                done = False
        elif notification.action_type.startswith("VACANCY_"):
            hh_vacancy_check(link=link)  # the vacancy itself changed (archived, removed, edited)
        else:
            done = hh_vacancy_import(link=link).created > 0
    HHNotification.objects.filter(pk=notification.pk).update(processed_at=timezone.now())
    return done


def hh_subscriptions() -> list[dict]:
    return hh_client().get("/webhook/subscriptions").get("items") or []


def hh_subscribe() -> HHConnection:
    """Subscribe our endpoint to new responses (replacing the subscription we made before)."""
    if not settings.HH_WEBHOOK_SECRET:
        raise HHError(_("Set HH_WEBHOOK_SECRET to receive hh.ru's notifications."))
    connection = hh_connection()
    if connection.webhook_subscription_id:
        hh_unsubscribe()
    body = {"url": hh_webhook_url(), "actions": [{"type": t} for t in SUBSCRIBED_ACTIONS]}
    created = hh_client().json("POST", "/webhook/subscriptions", json=body)
    connection.webhook_subscription_id = str(created.get("id", ""))[:64]
    connection.save(update_fields=["webhook_subscription_id", "updated_at"])
    return connection


def hh_unsubscribe() -> HHConnection:
    connection = hh_connection()
    if connection.webhook_subscription_id:
        with contextlib.suppress(HHNotFound):  # gone already
            hh_client().request("DELETE", f"/webhook/subscriptions/{connection.webhook_subscription_id}")
    connection.webhook_subscription_id = ""
    connection.save(update_fields=["webhook_subscription_id", "updated_at"])
    return connection
