"""HR picks a rejection reason where the back-office rejects: the candidate page's stage form and
the list's "Set status: Rejected" confirmation."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from automation.models import RejectionReason, RejectionRecord
from candidates import services as candidate_services
from candidates.models import CandidateStatus, HistoryEntry, HistoryKind
from tests.backoffice.conftest import hr_client, hr_user
from tests.factories import ApplicationFactory

__all__ = ["hr_client", "hr_user"]
pytestmark = pytest.mark.django_db


def test_the_candidate_page_offers_the_reasons_and_keeps_the_chosen_one(hr_client, hr_user, application):
    candidate = application.candidate
    page = hr_client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk])).content.decode()
    assert 'id="quick-stage-reason"' in page and "Salary expectations" in page
    reason = RejectionReason.objects.get(code="skills")
    hr_client.post(
        reverse("admin:candidates_candidate_stage", args=[candidate.pk]),
        {"application": application.pk, "stage": "rejected", "rejection_reason": reason.pk},
    )
    record = RejectionRecord.objects.get()
    assert (record.application, record.reason, record.created_by) == (application, reason, hr_user)
    entry = HistoryEntry.objects.get(application=application, kind=HistoryKind.STATUS_CHANGED)
    assert entry.details == {"rejection_reason": "skills"}


def test_a_reason_with_another_stage_is_ignored(hr_client, application):
    hr_client.post(
        reverse("admin:candidates_candidate_stage", args=[application.candidate.pk]),
        {
            "application": application.pk,
            "stage": "interview",
            "rejection_reason": RejectionReason.objects.first().pk,
        },
    )
    assert not RejectionRecord.objects.exists()


def test_the_bulk_rejection_asks_for_a_reason_and_records_it(hr_client, vacancy):
    applications = [
        ApplicationFactory(vacancy=vacancy, candidate__status=CandidateStatus.REVIEWING) for _ in range(2)
    ]
    data = {
        "action": "set_status_rejected",
        ACTION_CHECKBOX_NAME: [str(a.candidate.pk) for a in applications],
    }
    page = hr_client.post(reverse("admin:candidates_candidate_changelist"), data).content.decode()
    assert 'id="set-status-reason"' in page
    reason = RejectionReason.objects.get(code="position_filled")
    hr_client.post(
        reverse("admin:candidates_candidate_changelist"),
        {**data, "confirm": "yes", "rejection_reason": reason.pk},
    )
    assert sorted(RejectionRecord.objects.values_list("application_id", flat=True)) == sorted(
        a.pk for a in applications
    )


def test_a_bad_reason_value_rejects_without_a_reason(hr_client, application):
    data = {
        "action": "set_status_rejected",
        ACTION_CHECKBOX_NAME: [str(application.candidate.pk)],
        "confirm": "yes",
        "rejection_reason": "x'; drop",
    }
    assert hr_client.post(reverse("admin:candidates_candidate_changelist"), data).status_code == 302
    application.refresh_from_db()
    assert application.status == CandidateStatus.REJECTED
    assert not RejectionRecord.objects.exists()


def test_the_history_names_the_reason_and_the_rule(hr_client, application):
    candidate_services.application_status_change(
        application=application, status="interview", actor_label="rule: Passed"
    )
    hr_client.post(
        reverse("admin:candidates_candidate_stage", args=[application.candidate.pk]),
        {
            "application": application.pk,
            "stage": "rejected",
            "rejection_reason": RejectionReason.objects.get(code="skills").pk,
        },
    )
    page = hr_client.get(
        reverse("admin:candidates_candidate_change", args=[application.candidate.pk])
    ).content.decode()
    assert "Interview → Rejected (reason: Skills do not match)" in page
    assert "rule “Passed”" in page
