"""The stage SLA: an open application in a stage longer than the vacancy's days is told to its owner once."""

import datetime as dt

import pytest
from django.utils import timezone

from automation.models import SlaNotice, VacancyPlan
from automation.services import sla_notify_overdue
from candidates import services as candidate_services
from candidates.models import CandidateStatus
from hr_notifications.models import HRNotification, HRPreference, NotificationKind
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_owner_hears_once_about_an_application_over_the_sla(vacancy):
    owner = UserFactory()
    VacancyPlan.objects.create(vacancy=vacancy, sla_days=3)
    late = ApplicationFactory(vacancy=vacancy, owner=owner, applied_at=timezone.now() - dt.timedelta(days=4))
    ApplicationFactory(vacancy=vacancy, owner=owner, applied_at=timezone.now() - dt.timedelta(days=2))
    ApplicationFactory(
        vacancy=vacancy,
        owner=owner,
        applied_at=timezone.now() - dt.timedelta(days=9),
        status=CandidateStatus.REJECTED,
    )
    assert sla_notify_overdue() == 1
    assert sla_notify_overdue() == 0
    notification = HRNotification.objects.get()
    assert notification.user == owner
    assert notification.kind == NotificationKind.SLA_OVERDUE
    assert str(late.candidate) in notification.text
    assert notification.url.endswith(f"#card-{late.pk}")


def test_a_new_stage_entry_is_told_again_and_the_vacancy_owner_stands_in(vacancy):
    vacancy.owner = UserFactory()
    vacancy.save()
    VacancyPlan.objects.create(vacancy=vacancy, sla_days=1)
    application = ApplicationFactory(vacancy=vacancy, applied_at=timezone.now() - dt.timedelta(days=5))
    assert sla_notify_overdue() == 1
    candidate_services.application_status_change(application=application, status=CandidateStatus.REVIEWING)
    assert sla_notify_overdue() == 0
    assert sla_notify_overdue(now=timezone.now() + dt.timedelta(days=2)) == 1
    assert SlaNotice.objects.count() == 2
    assert set(HRNotification.objects.values_list("user", flat=True)) == {vacancy.owner.pk}


def test_a_vacancy_without_an_sla_is_never_flagged(vacancy):
    VacancyPlan.objects.create(vacancy=vacancy, target_date=dt.date(2030, 1, 1))
    ApplicationFactory(vacancy=vacancy, applied_at=timezone.now() - dt.timedelta(days=50))
    assert sla_notify_overdue() == 0


def test_an_owner_who_turned_sla_notices_off_is_not_told_but_still_told_only_once(vacancy):
    owner = UserFactory()
    HRPreference.objects.create(user=owner, sla_overdue=False)  # new applications stay on
    VacancyPlan.objects.create(vacancy=vacancy, sla_days=3)
    ApplicationFactory(vacancy=vacancy, owner=owner, applied_at=timezone.now() - dt.timedelta(days=4))
    assert sla_notify_overdue() == 1
    assert sla_notify_overdue() == 0
    assert not HRNotification.objects.exists()
    assert SlaNotice.objects.count() == 1
