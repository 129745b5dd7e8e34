"""The reason of a rejection: on the move's history entry, in a record, and the reason's message."""

import pytest

from automation.models import RejectionReason, RejectionRecord
from automation.services import rejection_record
from candidates import services as candidate_services
from candidates.models import CandidateStatus, HistoryEntry, HistoryKind
from messaging.models import MessageTemplate, ScheduledMessage, ScheduledState, StatusNotification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _reject(application):
    candidate_services.application_status_change(application=application, status=CandidateStatus.REJECTED)


def test_the_reason_is_kept_on_the_history_entry_and_in_a_record(application):
    hr = UserFactory()
    _reject(application)
    reason = RejectionReason.objects.get(code="salary")
    record = rejection_record(application=application, reason=reason, user=hr)
    entry = HistoryEntry.objects.get(application=application, kind=HistoryKind.STATUS_CHANGED)
    assert entry.details["rejection_reason"] == "salary"
    assert (record.reason, record.stage_entry, record.created_by) == (reason, entry, hr)


def test_no_record_for_an_application_that_is_not_rejected(application):
    assert rejection_record(application=application, reason=RejectionReason.objects.first()) is None
    assert not RejectionRecord.objects.exists()


def test_the_reasons_template_replaces_the_stage_notification(application):
    MessageTemplate.objects.create(name="rejected", language="en", text="Sorry, {first_name}.")
    MessageTemplate.objects.create(
        name="salary", language="en", text="We cannot meet your salary, {first_name}."
    )
    StatusNotification.objects.update_or_create(
        status=CandidateStatus.REJECTED, defaults={"enabled": True, "template_name": "rejected"}
    )
    reason = RejectionReason.objects.get(code="salary")
    reason.template_name = "salary"
    reason.save()
    _reject(application)
    rejection_record(application=application, reason=reason)
    pending = ScheduledMessage.objects.filter(candidate=application.candidate, state=ScheduledState.PENDING)
    assert [m.text for m in pending] == [f"We cannot meet your salary, {application.candidate.name}."]


def test_a_reason_without_template_leaves_the_stage_notification(application):
    MessageTemplate.objects.create(name="rejected", language="en", text="Sorry.")
    StatusNotification.objects.update_or_create(
        status=CandidateStatus.REJECTED, defaults={"enabled": True, "template_name": "rejected"}
    )
    _reject(application)
    rejection_record(application=application, reason=RejectionReason.objects.get(code="other"))
    pending = ScheduledMessage.objects.filter(candidate=application.candidate, state=ScheduledState.PENDING)
    assert [m.text for m in pending] == ["Sorry."]
