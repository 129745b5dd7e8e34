"""hh.ru's webhook: our endpoint stores each notification once (by its id) and queues its processing
after commit; the subscription (GET/POST/PUT/DELETE /webhook/subscriptions) is managed from the set-up
page."""

import contextlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from job_boards.hh.client import HHError, HHNotFound
from job_boards.models import HHConnection, HHNotification, HHVacancy
from job_boards.selectors import hh_connection, hh_link_by_hh_id
from job_boards.services.chats import hh_chat_message_import, hh_chat_response_note
from job_boards.services.connection import hh_client
from job_boards.services.imports import hh_negotiation_import, hh_vacancy_import
from job_boards.services.vacancies import hh_vacancy_archived, hh_vacancy_check

# hh.ru's Webhook API action types we subscribe to: responses and invitations on the employer's
# vacancies, the candidates' chat messages, and changes of the vacancies themselves.
SUBSCRIBED_ACTIONS = (
    "NEW_RESPONSE_OR_INVITATION_VACANCY",
    "NEW_NEGOTIATION_VACANCY",
    "CHAT_MESSAGE_CREATED",
    "VACANCY_ARCHIVATION",
    "VACANCY_CHANGE",
)
CHAT_MESSAGE = "CHAT_MESSAGE_CREATED"
VACANCY_ARCHIVED = "VACANCY_ARCHIVATION"


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
    """Act on a notification: a chat message is brought into our chat; a response (`topic_id`) is
    imported; the vacancy archived on hh.ru stops its import; another change of the vacancy itself
    (`VACANCY_...`) reads it again; anything else naming a linked vacancy imports it."""
    payload = notification.payload
    if notification.action_type == CHAT_MESSAGE:
        try:
            done = hh_chat_message_import(payload=payload)
        except HHNotFound:  # the chat or the message is gone (or not ours): nothing to bring in
            done = False
    else:
        link = hh_link_by_hh_id(hh_vacancy_id=str(payload.get("vacancy_id") or ""))
        done = _vacancy_notification(notification.action_type, payload, link) if link is not None else False
    HHNotification.objects.filter(pk=notification.pk).update(processed_at=timezone.now())
    return done


def _vacancy_notification(action_type: str, payload: dict, link: HHVacancy) -> bool:
    topic = str(payload.get("topic_id") or payload.get("negotiation_id") or "")
    if topic:
        try:
            done = hh_negotiation_import(link=link, negotiation_id=topic)
        except HHNotFound:
            done = False
        hh_chat_response_note(negotiation_id=topic, chat_id=str(payload.get("chat_id") or ""))
        return done
    if action_type == VACANCY_ARCHIVED:
        hh_vacancy_archived(link=link)
    elif action_type.startswith("VACANCY_"):
        hh_vacancy_check(link=link)  # the vacancy itself changed (edited, prolonged, removed)
    else:
        return hh_vacancy_import(link=link).created > 0
    return False


def hh_subscriptions() -> list[dict]:
    return hh_client().get("/webhook/subscriptions").get("items") or []


def _ours(items: list[dict], connection: HHConnection) -> dict | None:
    """Our subscription among hh's: the one to our URL, else the one we made (its URL may be old)."""
    url = hh_webhook_url()
    by_url = [i for i in items if isinstance(i, dict) and i.get("url") == url]
    by_id = [
        i for i in items if isinstance(i, dict) and str(i.get("id")) == connection.webhook_subscription_id
    ]
    return (by_url or by_id or [None])[0]


def hh_subscription_missing(*, items: list[dict]) -> list[str]:
    """The kinds our subscription lacks (an install subscribed before they were added); all when none."""
    ours = _ours(items, hh_connection())
    have = {str((a or {}).get("type")) for a in (ours or {}).get("actions") or [] if isinstance(a, dict)}
    return [kind for kind in SUBSCRIBED_ACTIONS if kind not in have]


def hh_subscribe() -> tuple[HHConnection, list[str]]:
    """Subscribe our endpoint to every kind in SUBSCRIBED_ACTIONS, idempotently: a subscription of ours
    that lacks some gets them added (PUT, its other kinds kept), a complete one is left alone, and
    without one a new one is made. Returns the connection and the kinds added."""
    if not settings.HH_WEBHOOK_SECRET:
        raise HHError(_("Set HH_WEBHOOK_SECRET to receive hh.ru's notifications."))
    connection, client = hh_connection(), hh_client()
    ours = _ours(client.get("/webhook/subscriptions").get("items") or [], connection)
    kept = [a for a in (ours or {}).get("actions") or [] if isinstance(a, dict) and a.get("type")]
    missing = [t for t in SUBSCRIBED_ACTIONS if t not in {str(a["type"]) for a in kept}]
    body = {"url": hh_webhook_url(), "actions": kept + [{"type": t} for t in missing]}
    if ours is None:
        subscription_id = str(client.json("POST", "/webhook/subscriptions", json=body).get("id", ""))
    else:
        subscription_id = str(ours.get("id", ""))
        if missing or ours.get("url") != body["url"]:
            client.request("PUT", f"/webhook/subscriptions/{subscription_id}", json=body)
    connection.webhook_subscription_id = subscription_id[:64]
    connection.save(update_fields=["webhook_subscription_id", "updated_at"])
    return connection, missing


def hh_unsubscribe() -> HHConnection:
    connection = hh_connection()
    if connection.webhook_subscription_id:
        with contextlib.suppress(HHNotFound):  # gone already
            hh_client().request("DELETE", f"/webhook/subscriptions/{connection.webhook_subscription_id}")
    connection.webhook_subscription_id = ""
    connection.save(update_fields=["webhook_subscription_id", "updated_at"])
    return connection
