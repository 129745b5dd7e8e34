"""HR notifications listen to the domain apps' signals; the texts are in the back-office language."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from candidates.selectors import applications_current_first
from candidates.signals import application_screened
from hr_notifications.models import HRNotification, NotificationKind
from hr_notifications.services import hr_notify
from messaging.signals import message_received
from tests_app.signals import attempt_status_changed
from webhooks.signals import delivery_failed

WEBHOOK_ALERT_EVERY = dt.timedelta(hours=6)


def _owners(candidate) -> list:
    applications = applications_current_first(candidate.pk).select_related("owner")
    return [application.owner for application in applications if application.owner_id]


def _candidate_url(candidate, anchor: str = "") -> str:
    return reverse("admin:candidates_candidate_card", args=[candidate.pk]) + anchor


@receiver(application_screened, dispatch_uid="hr_notifications.new_application")
def _on_application(sender, *, application, **kwargs) -> None:
    owner = application.vacancy.owner
    if owner is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = _("New application: %(candidate)s for %(vacancy)s") % {
            "candidate": application.candidate,
            "vacancy": application.vacancy,
        }
    hr_notify(
        users=[owner],
        kind=NotificationKind.NEW_APPLICATION,
        text=text,
        url=_candidate_url(application.candidate),
    )


@receiver(message_received, dispatch_uid="hr_notifications.new_message")
def _on_message(sender, *, message, **kwargs) -> None:
    candidate = message.candidate
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Message from %(candidate)s: %(text)s") % {
            "candidate": candidate,
            "text": message.text[:200],
        }
    hr_notify(
        users=_owners(candidate),
        kind=NotificationKind.NEW_MESSAGE,
        text=text,
        url=_candidate_url(candidate, "#chat"),
    )


@receiver(attempt_status_changed, dispatch_uid="hr_notifications.review_waiting")
def _on_attempt(sender, *, attempt, new_status, **kwargs) -> None:
    if new_status != "needs_review":
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Test answers of %(candidate)s wait for your review (%(test)s)") % {
            "candidate": attempt.candidate,
            "test": attempt.test,
        }
    url = reverse("admin:tests_app_attempt_change", args=[attempt.pk])
    hr_notify(users=_owners(attempt.candidate), kind=NotificationKind.REVIEW_WAITING, text=text, url=url)


@receiver(delivery_failed, dispatch_uid="hr_notifications.webhook_failing")
def _on_delivery_failed(sender, *, delivery, endpoint, **kwargs) -> None:
    url = reverse("admin:webhooks_delivery_change", args=[delivery.pk])
    recent = HRNotification.objects.filter(
        kind=NotificationKind.WEBHOOK_FAILING,
        text__contains=endpoint.name,
        created_at__gt=timezone.now() - WEBHOOK_ALERT_EVERY,
    )
    if recent.exists():
        return  # one alert per endpoint every few hours is enough
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Webhook endpoint “%(endpoint)s” is failing: %(error)s") % {
            "endpoint": endpoint.name,
            "error": (delivery.last_error or "")[:120],
        }
    staff = get_user_model().objects.filter(
        is_staff=True, is_active=True, hr_preference__webhook_failing=True
    )
    hr_notify(users=staff, kind=NotificationKind.WEBHOOK_FAILING, text=text, url=url)
