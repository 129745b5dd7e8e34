"""Rejection reasons: HR picks one when rejecting; it is kept on the move's history entry and in a
RejectionRecord (for the reports), and the candidate's message can follow the reason."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from automation.models import RejectionReason, RejectionRecord
from automation.services.runs import latest_stage_entry
from candidates.models import Application, CandidateStatus, HistoryKind
from candidates.services import application_status_change
from messaging.notifications import STATUS_REASON, scheduled_message_create, scheduled_messages_cancel
from messaging.templating import template_render_for


def application_move_with_reason(
    *,
    application: Application,
    status: str,
    rejection_reason: RejectionReason | None,
    actor: AbstractBaseUser | None,
    actor_label: str,
) -> bool:
    """Move an application (as `application_status_change`) and, when the move is a rejection, keep
    the reason HR picked, in the same transaction. The board and the candidate page move this way."""
    with transaction.atomic():
        changed = application_status_change(
            application=application, status=status, actor=actor, actor_label=actor_label
        )
        if changed and rejection_reason is not None and status == CandidateStatus.REJECTED:
            rejection_record(application=application, reason=rejection_reason, user=actor)
    return changed


def rejection_record(
    *, application: Application, reason: RejectionReason, user: AbstractBaseUser | None = None
) -> RejectionRecord | None:
    """Note why the (just rejected) application was rejected; None when it is not rejected.

    With a template on the reason, the candidate's rejection message is that template instead of
    the stage's own status notification (sent at the same time, held over quiet hours)."""
    with transaction.atomic():
        application = Application.objects.select_related("candidate", "vacancy").get(pk=application.pk)
        if application.status != CandidateStatus.REJECTED:
            return None
        entry = latest_stage_entry(application.pk)
        if entry is not None and entry.kind == HistoryKind.STATUS_CHANGED:
            entry.details = {**entry.details, "rejection_reason": reason.code}
            entry.save(update_fields=["details", "updated_at"])
        else:
            entry = None
        record = RejectionRecord.objects.create(
            application=application,
            reason=reason,
            stage_entry=entry
            if entry and not RejectionRecord.objects.filter(stage_entry=entry).exists()
            else None,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        _message(application, reason)
    return record


def _message(application: Application, reason: RejectionReason) -> None:
    candidate = application.candidate
    if not reason.template_name or candidate.telegram_id is None:
        return
    text = template_render_for(name=reason.template_name, candidate=candidate, application=application)
    if not text:
        return
    reason_key = f"{STATUS_REASON}{CandidateStatus.REJECTED}"
    scheduled_messages_cancel(
        candidate=candidate, reason_prefix=reason_key, outcome="Replaced by the reason's message."
    )
    scheduled_message_create(
        candidate=candidate,
        text=text,
        reason=reason_key,
        application=application,
        expected_status=CandidateStatus.REJECTED,
    )
