"""Writes of HR notifications: notify, mark read, link an HR user's Telegram chat (`/hr <code>`),
and deliver a notification to that chat."""

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from hr_notifications.models import HRNotification, HRPreference, NotificationKind, TelegramStatus
from messaging import telegram

LINK_CODE_TTL = dt.timedelta(minutes=15)
LINK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MAX_DELIVERY_ATTEMPTS = 6  # the first try and five retries on network errors and 5xx
RETRY_BASE_SECONDS = 30


def hr_preference_of(*, user: AbstractBaseUser) -> HRPreference:
    preference, _created = HRPreference.objects.get_or_create(user=user)
    return preference


def hr_notify(
    *, users: Iterable[AbstractBaseUser], kind: str, text: str, url: str = ""
) -> list[HRNotification]:
    """One notification per user who wants this kind (everyone does, by default, but webhooks)."""
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    created = []
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        preference = hr_preference_of(user=user)
        if not preference.wants(kind):
            continue
        to_telegram = preference.by_telegram and preference.telegram_chat_id is not None
        notification = HRNotification.objects.create(
            user=user,
            kind=kind,
            text=text[:500],
            url=url,
            telegram_status=TelegramStatus.QUEUED if to_telegram else TelegramStatus.NONE,
        )
        if to_telegram:
            transaction.on_commit(lambda pk=notification.pk: _enqueue(pk), robust=True)
        created.append(notification)
    return created


def _enqueue(notification_id: int) -> None:
    from hr_notifications.tasks import deliver_hr_notification  # tasks call these services

    deliver_hr_notification.delay(notification_id)


def hr_notifications_mark_read(*, user: AbstractBaseUser, ids: Iterable[int] | None = None) -> int:
    rows = HRNotification.objects.filter(user=user, read_at=None)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    now = timezone.now()
    return rows.update(read_at=now, updated_at=now)


def hr_link_code_create(*, user: AbstractBaseUser) -> str:
    """A one-time code, valid 15 minutes, that the user sends to the bot as `/hr <code>`."""
    preference = hr_preference_of(user=user)
    preference.link_code = "".join(secrets.choice(LINK_CODE_ALPHABET) for _i in range(8))
    preference.link_code_expires_at = timezone.now() + LINK_CODE_TTL
    preference.save(update_fields=["link_code", "link_code_expires_at", "updated_at"])
    return preference.link_code


def hr_telegram_link(*, code: str, chat_id: int) -> HRPreference | None:
    """Link the chat to the user whose unexpired code this is (the code works once)."""
    code = code.strip().upper()
    if not code:
        return None
    with transaction.atomic():
        preference = (
            HRPreference.objects.select_for_update()
            .filter(link_code=code, link_code_expires_at__gt=timezone.now())
            .first()
        )
        if preference is None:
            return None
        HRPreference.objects.filter(telegram_chat_id=chat_id).exclude(pk=preference.pk).update(
            telegram_chat_id=None
        )
        preference.telegram_chat_id, preference.by_telegram = chat_id, True
        preference.link_code, preference.link_code_expires_at = "", None
        preference.save()
    return preference


@dataclass(frozen=True)
class HRDelivery:
    """What came of a delivery: sent | failed | done (nothing to send) | retry (a network error or 5xx:
    counts as an attempt) | wait (Telegram's rate limit: does not count). Run again after `retry_in` s."""

    result: str
    retry_in: float | None = None


def hr_notification_deliver(*, notification_id: int, attempt: int = 1) -> HRDelivery:
    """Send a queued notification to the user's Telegram chat through the Bot API transport.

    A 429 or a busy chat waits Telegram's `retry_after`; 403 (the user blocked the bot) and other
    refusals fail at once; network errors and 5xx back off until MAX_DELIVERY_ATTEMPTS. The
    notification's `telegram_error` says why it has not gone out."""
    notification = (
        HRNotification.objects.filter(pk=notification_id, telegram_status=TelegramStatus.QUEUED)
        .select_related("user__hr_preference")
        .first()
    )
    if notification is None:
        return HRDelivery("done")
    chat_id = notification.user.hr_preference.telegram_chat_id
    if chat_id is None or not settings.TELEGRAM_BOT_TOKEN:
        return _mark(notification, TelegramStatus.FAILED, "No Telegram chat linked, or no bot token.")
    text = notification.text
    if notification.url:
        text += "\n" + settings.PUBLIC_BASE_URL.rstrip("/") + notification.url
    sent = telegram.send("sendMessage", chat_id, params={"text": text})
    if sent.ok:
        return _mark(notification, TelegramStatus.SENT, "")
    if sent.final:  # blocked by the user, chat not found...: the same request would be refused again
        return _mark(notification, TelegramStatus.FAILED, sent.error)
    if sent.retry_after is None and attempt >= MAX_DELIVERY_ATTEMPTS:
        return _mark(notification, TelegramStatus.FAILED, f"Gave up after {attempt} attempts: {sent.error}")
    HRNotification.objects.filter(pk=notification.pk).update(
        telegram_error=sent.error[:300], updated_at=timezone.now()
    )
    if sent.retry_after is not None:
        return HRDelivery("wait", retry_in=sent.retry_after)
    return HRDelivery("retry", retry_in=RETRY_BASE_SECONDS * 2 ** (attempt - 1))


def _mark(notification: HRNotification, status: str, error: str) -> HRDelivery:
    HRNotification.objects.filter(pk=notification.pk).update(
        telegram_status=status, telegram_error=error[:300], updated_at=timezone.now()
    )
    return HRDelivery("sent" if status == TelegramStatus.SENT else "failed")
