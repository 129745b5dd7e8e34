"""Celery tasks of the hh.ru integration: thin wrappers around the services (they take ids)."""

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from job_boards.hh.client import HHAuthError, HHError
from job_boards.models import HHNotification, HHVacancy
from job_boards.selectors import hh_links_to_poll, hh_notifications_pending
from job_boards.services.actions import hh_action_send, hh_actions_sweep
from job_boards.services.imports import hh_vacancy_import
from job_boards.services.notifications import hh_notification_process

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def import_vacancy(link_id: int) -> int:
    link = HHVacancy.objects.select_related("vacancy").filter(pk=link_id).first()
    if link is None or not settings.HH_ENABLED:
        return 0
    try:
        return hh_vacancy_import(link=link).created
    except HHError as error:  # stored on the link and shown; the next poll tries again
        logger.warning("hh.ru import of vacancy %s failed: %s", link.hh_vacancy_id, error.message)
        return 0


@shared_task(acks_late=True)
def poll_vacancies() -> int:
    """Beat (every HH_POLL_MINUTES): the polling fallback, so a missed webhook costs minutes, not data."""
    if not settings.HH_ENABLED:
        return 0
    created, since = 0, timezone.now() - dt.timedelta(minutes=settings.HH_POLL_MINUTES)
    for link in hh_links_to_poll(imported_before=since).select_related("vacancy"):
        try:
            created += hh_vacancy_import(link=link).created
        except HHAuthError:
            return created  # the connection is down (HR was told): no point polling the others
        except HHError as error:
            logger.warning("hh.ru poll of vacancy %s failed: %s", link.hh_vacancy_id, error.message)
    return created


@shared_task(acks_late=True)
def process_notification(notification_id: int) -> bool:
    notification = HHNotification.objects.filter(pk=notification_id, processed_at__isnull=True).first()
    if notification is None or not settings.HH_ENABLED:
        return False
    try:
        return hh_notification_process(notification=notification)
    except HHError as error:  # the poll imports it later
        logger.warning("hh.ru notification %s not processed: %s", notification.hh_id, error.message)
        return False


NOTIFICATION_RETRY_AFTER = dt.timedelta(minutes=2)
NOTIFICATION_GIVE_UP_AFTER = dt.timedelta(days=1)
NOTIFICATION_SWEEP_BATCH = 100


@shared_task(acks_late=True)
def sweep_notifications() -> int:
    """Beat (every minute): notifications not processed (hh.ru was busy, the connection down) are tried
    again for a day; chat messages have no polling fallback, so this is theirs."""
    if not settings.HH_ENABLED:
        return 0
    now, done = timezone.now(), 0
    pending = hh_notifications_pending(
        received_before=now - NOTIFICATION_RETRY_AFTER, received_after=now - NOTIFICATION_GIVE_UP_AFTER
    )
    for notification in pending[:NOTIFICATION_SWEEP_BATCH]:
        try:
            done += int(hh_notification_process(notification=notification))
        except HHAuthError:
            return done  # the connection is down (HR was told): the rest wait for it
        except HHError as error:
            logger.warning("hh.ru notification %s still not processed: %s", notification.hh_id, error.message)
    return done


@shared_task(acks_late=True)
def send_action(action_id: int) -> str:
    action = hh_action_send(action_id=action_id)
    return action.state if action is not None else "skipped"


@shared_task(acks_late=True)
def sweep_actions() -> int:
    return hh_actions_sweep() if settings.HH_ENABLED else 0
