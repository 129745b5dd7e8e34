"""The SLA of a vacancy: an open application in one stage longer than the plan's days is flagged on
the board and its owner (else the vacancy's) is told once per stage entry."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from automation.models import SlaNotice, VacancyPlan
from candidates.models import CLOSED_STATUSES, Application, CandidateStatus
from hr_notifications.models import NotificationKind
from hr_notifications.services import hr_notify


def sla_overdue(*, since: dt.datetime, sla_days: int | None, now: dt.datetime) -> bool:
    return sla_days is not None and now - since > dt.timedelta(days=sla_days)


def _notify(application: Application, entered_at: dt.datetime, days: int) -> bool:
    owner = application.owner or application.vacancy.owner
    try:
        with transaction.atomic():
            SlaNotice.objects.create(application=application, stage=application.status, entered_at=entered_at)
            if owner is None:
                return True
            with translation.override(settings.LANGUAGE_CODE):
                text = _(
                    "%(candidate)s has been in “%(stage)s” for %(vacancy)s longer than %(days)s days."
                ) % {
                    "candidate": application.candidate,
                    "stage": CandidateStatus(application.status).label,
                    "vacancy": application.vacancy,
                    "days": days,
                }
            url = (
                reverse("admin:candidates_vacancy_board", args=[application.vacancy_id])
                + f"#card-{application.pk}"
            )
            hr_notify(users=[owner], kind=NotificationKind.SLA_OVERDUE, text=text, url=url)
    except IntegrityError:
        return False  # told already (a concurrent sweep)
    return True


def sla_notify_overdue(*, now: dt.datetime | None = None) -> int:
    """Tell the owners of the open applications over their vacancy's SLA (each stage entry once)."""
    now = now or timezone.now()
    told = 0
    for plan in VacancyPlan.objects.filter(sla_days__isnull=False).order_by("vacancy_id"):
        limit = now - dt.timedelta(days=plan.sla_days)
        overdue = (
            Application.objects.filter(vacancy_id=plan.vacancy_id)
            .exclude(status__in=CLOSED_STATUSES)
            .annotate(entered=Coalesce("status_changed_at", "applied_at"))
            .filter(entered__lt=limit)
            .select_related("candidate", "vacancy", "vacancy__owner", "owner")
        )
        notified = set(
            SlaNotice.objects.filter(application__vacancy_id=plan.vacancy_id).values_list(
                "application_id", "entered_at"
            )
        )
        for application in overdue:
            if (application.pk, application.entered) in notified:
                continue
            told += _notify(application, application.entered, plan.sla_days)
    return told
