"""Candidate notifications: the outbox of scheduled messages, and status notifications.

A notification is written as a `ScheduledMessage` in the transaction of the change that caused it,
held until the candidate's morning when it would arrive in their quiet hours, and turned into a
`Message` through `message_send` (limits, retries, history) by a task after commit, or by the
periodic sweep once due. A status notification whose application has left that status by then
(HR reverted the change) is cancelled: the candidate hears nothing.
"""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import Application, Candidate
from candidates.selectors import candidate_current_application
from messaging.channels import channels_open
from messaging.models import ScheduledMessage, ScheduledState, StatusNotification
from messaging.quiet_hours import allowed_send_time
from messaging.services import message_send
from messaging.templating import template_render_for

logger = logging.getLogger(__name__)
SWEEP_BATCH = 200
STATUS_REASON = "status:"


def scheduled_message_create(
    *,
    candidate: Candidate,
    text: str,
    reason: str,
    application: Application | None = None,
    expected_status: str = "",
    document: tuple[str, str] | None = None,
    buttons: list[list[dict]] | None = None,
    now: dt.datetime | None = None,
) -> ScheduledMessage:
    """Schedule a message for the first moment outside the candidate's quiet hours."""
    now = now or timezone.now()
    scheduled = ScheduledMessage.objects.create(
        candidate=candidate,
        application=application,
        reason=reason,
        expected_status=expected_status,
        text=text,
        document_name=document[0] if document else "",
        document_content=document[1] if document else "",
        buttons=buttons or [],
        send_at=allowed_send_time(candidate, now),
    )
    if scheduled.send_at <= now:
        transaction.on_commit(lambda: _enqueue(scheduled.pk), robust=True)
    return scheduled


def _enqueue(scheduled_id: int) -> None:
    from messaging.tasks import send_scheduled_message  # tasks call these services: a genuine cycle

    send_scheduled_message.delay(scheduled_id)


def _finish(scheduled: ScheduledMessage, state: str, outcome: str, message=None) -> ScheduledMessage:
    scheduled.state, scheduled.outcome, scheduled.message = state, outcome[:200], message
    scheduled.save(update_fields=["state", "outcome", "message", "updated_at"])
    return scheduled


def scheduled_message_send(*, scheduled_id: int, now: dt.datetime | None = None) -> ScheduledMessage | None:
    """Send a due scheduled message once (through message_send), or cancel it if it is stale."""
    now = now or timezone.now()
    with transaction.atomic():
        scheduled = (
            ScheduledMessage.objects.select_for_update(of=("self",))
            .filter(pk=scheduled_id, state=ScheduledState.PENDING)
            .select_related("candidate", "application")
            .first()
        )
        if scheduled is None or scheduled.send_at > now:
            return scheduled
        if scheduled.expected_status:
            holder = scheduled.application or scheduled.candidate
            holder.refresh_from_db(fields=["status"])
            if holder.status != scheduled.expected_status:
                return _finish(scheduled, ScheduledState.CANCELLED, "The status changed before sending.")
        document = (scheduled.document_name, scheduled.document_content) if scheduled.document_name else None
        try:
            message = message_send(
                candidate=scheduled.candidate,
                text=scheduled.text,
                actor_label="notification",
                document=document,
                buttons=scheduled.buttons,
            )
        except ValidationError as error:
            return _finish(scheduled, ScheduledState.CANCELLED, "; ".join(error.messages))
        return _finish(scheduled, ScheduledState.SENT, "", message)


def scheduled_messages_send_due(*, now: dt.datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Send what is due (held over quiet hours, or whose task was lost). Returns how many were sent."""
    now = now or timezone.now()
    due = ScheduledMessage.objects.filter(state=ScheduledState.PENDING, send_at__lte=now)
    ids = list(due.order_by("send_at", "id").values_list("pk", flat=True)[:limit])
    sent = 0
    for scheduled_id in ids:
        scheduled = scheduled_message_send(scheduled_id=scheduled_id, now=now)
        sent += scheduled is not None and scheduled.state == ScheduledState.SENT
    return sent


def scheduled_messages_cancel(*, candidate: Candidate, reason_prefix: str, outcome: str) -> int:
    """Cancel the candidate's pending messages whose reason starts with `reason_prefix`."""
    return ScheduledMessage.objects.filter(
        candidate=candidate, state=ScheduledState.PENDING, reason__startswith=reason_prefix
    ).update(state=ScheduledState.CANCELLED, outcome=outcome, updated_at=timezone.now())


def status_notification_schedule(
    *,
    candidate: Candidate,
    new_status: str,
    application: Application | None = None,
    now: dt.datetime | None = None,
) -> ScheduledMessage | None:
    """On a stage change: drop the pending notification of an earlier stage, schedule this one's."""
    scheduled_messages_cancel(
        candidate=candidate, reason_prefix=STATUS_REASON, outcome="The status changed before sending."
    )
    setting = StatusNotification.objects.filter(status=new_status, enabled=True).first()
    if setting is None or not setting.template_name or not channels_open(candidate=candidate):
        return None
    if application is None:
        application = candidate_current_application(candidate=candidate)
    text = template_render_for(name=setting.template_name, candidate=candidate, application=application)
    if not text:
        logger.warning("Status notification %s: no template named %r", new_status, setting.template_name)
        return None
    return scheduled_message_create(
        candidate=candidate,
        text=text,
        reason=f"{STATUS_REASON}{new_status}",
        application=application,
        expected_status=new_status,
        now=now,
    )
