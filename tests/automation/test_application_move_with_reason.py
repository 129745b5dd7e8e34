"""One move with its reason (the board and the candidate page): the stage, the history and the
reason's message land together, and a failed record leaves the application where it was."""

import pytest
from django.db import IntegrityError

from automation.models import RejectionReason, RejectionRecord
from automation.services import application_move_with_reason
from candidates.models import Application, CandidateStatus, HistoryEntry, HistoryKind
from messaging.models import MessageTemplate, ScheduledMessage, ScheduledState, StatusNotification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_rejection_with_a_reason_sends_the_reasons_message_instead_of_the_stages(application):
    MessageTemplate.objects.create(name="rejected", language="en", text="Sorry.")
    MessageTemplate.objects.create(name="salary", language="en", text="Not within budget.")
    StatusNotification.objects.update_or_create(
        status=CandidateStatus.REJECTED, defaults={"enabled": True, "template_name": "rejected"}
    )
    reason = RejectionReason.objects.get(code="salary")
    reason.template_name = "salary"
    reason.save()
    hr = UserFactory()

    changed = application_move_with_reason(
        application=application,
        status=CandidateStatus.REJECTED,
        rejection_reason=reason,
        actor=hr,
        actor_label="board",
    )

    assert changed
    entry = HistoryEntry.objects.get(application=application, kind=HistoryKind.STATUS_CHANGED)
    assert (entry.details["rejection_reason"], entry.actor, entry.actor_label) == ("salary", hr, "board")
    pending = ScheduledMessage.objects.filter(candidate=application.candidate, state=ScheduledState.PENDING)
    assert [m.text for m in pending] == ["Not within budget."]


def test_moving_again_to_the_same_stage_records_no_second_reason(application):
    reason = RejectionReason.objects.get(code="skills")
    for _ in range(2):
        application_move_with_reason(
            application=application, status="rejected", rejection_reason=reason, actor=None, actor_label=""
        )
    assert RejectionRecord.objects.filter(application=application).count() == 1


def test_when_the_reason_cannot_be_kept_the_move_is_undone_too(application, monkeypatch):
    def refuse(*args, **kwargs):
        raise IntegrityError("refused")

    monkeypatch.setattr(RejectionRecord.objects, "create", refuse)
    with pytest.raises(IntegrityError):
        application_move_with_reason(
            application=application,
            status="rejected",
            rejection_reason=RejectionReason.objects.get(code="skills"),
            actor=None,
            actor_label="",
        )
    assert Application.objects.get(pk=application.pk).status != "rejected"
    assert not HistoryEntry.objects.filter(application=application, kind=HistoryKind.STATUS_CHANGED).exists()
