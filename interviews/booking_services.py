"""Writes of booking: HR sends "choose a time"; the candidate books, reschedules or cancels.

Race-safety: every booking change locks the interviewer's schedule row (SELECT ... FOR UPDATE), so
changes for one interviewer run one at a time and each sees what the previous one committed before
checking that the time is still free; a partial unique constraint (interviewer, slot start) among
booked invitations is the last line. A booked time becomes an Interview through
`interview_schedule`, so the .ics, the reminder and the board follow as for any interview.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from candidates.models import Application, HistoryKind
from candidates.services import history_record
from interviews.booking_messages import invitation_text, slot_buttons
from interviews.booking_selectors import free_slots, invitation_free_slots
from interviews.messages import local_time
from interviews.models import (
    BookingInvitation,
    BookingStatus,
    Interview,
    InterviewerSchedule,
    InterviewFormat,
)
from interviews.services import MAX_DURATION_MINUTES, interview_cancel, interview_move, interview_schedule
from messaging.notifications import scheduled_message_create
from messaging.selectors import candidate_reach
from messaging.services import message_receive


class BookingRefused(ValidationError):
    """The booking change cannot be made; `code` says why: taken | closed | too_late | not_theirs."""


def _refuse(code: str) -> BookingRefused:
    texts = {
        "taken": _("This time is no longer free: please choose another."),
        "closed": _("This invitation is closed: write to us and we will send a new one."),
        "too_late": _("It is too late to change this interview online: please write to us."),
        "not_theirs": _("This invitation is not yours."),
    }
    return BookingRefused(texts[code], code=code)


def _validate(*, interviewer, format: str, location: str, duration_minutes: int) -> None:
    errors = {}
    if format not in InterviewFormat.values:
        errors["format"] = _("Unknown interview format.")
    if not location.strip():
        errors["location"] = _("Give the video link, the address or the phone number.")
    if not 5 <= duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = _("The duration must be between 5 and 480 minutes.")
    schedule = InterviewerSchedule.objects.filter(interviewer=interviewer).first()
    if schedule is None or not schedule.accepts_bookings or not schedule.hours.exists():
        errors["interviewer"] = _("This interviewer has no working hours open for booking: set them first.")
    if errors:
        raise ValidationError(errors)


def booking_invitation_send(
    *,
    application: Application,
    interviewer: AbstractBaseUser,
    format: str,
    location: str,
    duration_minutes: int = 60,
    created_by: AbstractBaseUser | None = None,
    actor_label: str = "",
    notify: bool = True,
) -> BookingInvitation:
    """Invite the candidate to choose a time; an earlier invitation still waiting is withdrawn.
    The candidate gets the free times as buttons in Telegram (when they have it) and the page link;
    the request is in the history (by `created_by` or `actor_label`). `notify=False` sends and
    records nothing (the person is choosing on the vacancy's public booking page)."""
    _validate(interviewer=interviewer, format=format, location=location, duration_minutes=duration_minutes)
    with transaction.atomic():
        BookingInvitation.objects.filter(application=application, status=BookingStatus.PENDING).update(
            status=BookingStatus.CANCELLED, updated_at=timezone.now()
        )
        invitation = BookingInvitation.objects.create(
            token=secrets.token_urlsafe(32),
            application=application,
            interviewer=interviewer,
            format=format,
            location=location.strip(),
            duration_minutes=duration_minutes,
            deadline=timezone.now() + dt.timedelta(days=settings.BOOKING_INVITATION_DAYS),
            created_by=created_by,
        )
        candidate = application.candidate
        if notify:
            _record_request(invitation, created_by=created_by, actor_label=actor_label)
        if notify and candidate_reach(candidate=candidate) is not None:
            slots = invitation_free_slots(invitation=invitation)
            scheduled_message_create(
                candidate=candidate,
                application=application,
                reason=f"booking:{invitation.pk}:invite",
                text=invitation_text(invitation, has_slots=bool(slots)),
                buttons=slot_buttons(invitation, slots),
            )
    return invitation


def _record_request(
    invitation: BookingInvitation, *, created_by: AbstractBaseUser | None, actor_label: str
) -> None:
    history_record(
        candidate_id=invitation.application.candidate_id,
        application=invitation.application,
        kind=HistoryKind.BOOKING_REQUESTED,
        actor=created_by,
        actor_label=actor_label,
        details={"invitation_id": invitation.pk, "duration_minutes": invitation.duration_minutes},
    )


def _locked(
    invitation_id: int, telegram_user_id: int | None, candidate_id: int | None = None
) -> BookingInvitation:
    """The invitation, locked; when the tap names who made it (a Telegram id, or the candidate a
    messenger account is linked to), only that candidate's."""
    invitation = (
        BookingInvitation.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__vacancy", "interviewer", "interview")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise _refuse("closed")
    if telegram_user_id is not None and invitation.application.candidate.telegram_id != telegram_user_id:
        raise _refuse("not_theirs")
    if candidate_id is not None and invitation.application.candidate_id != candidate_id:
        raise _refuse("not_theirs")
    return invitation


def _lock_interviewer(invitation: BookingInvitation) -> None:
    """One booking change per interviewer at a time (see the module's docstring)."""
    list(InterviewerSchedule.objects.select_for_update().filter(interviewer=invitation.interviewer))


def _check_free(invitation: BookingInvitation, starts_at: dt.datetime, now: dt.datetime) -> None:
    slots = free_slots(
        interviewer=invitation.interviewer,
        duration_minutes=invitation.duration_minutes,
        now=now,
        ignore_interview_id=invitation.interview_id,
    )
    if starts_at not in slots:
        raise _refuse("taken")


def _save_slot(invitation: BookingInvitation, starts_at: dt.datetime | None, status: str) -> None:
    invitation.slot_start, invitation.status = starts_at, status
    try:
        with transaction.atomic():
            invitation.save(update_fields=["slot_start", "status", "interview", "updated_at"])
    except IntegrityError:
        raise _refuse("taken") from None


def _tell_hr(invitation: BookingInvitation, kind: str) -> None:
    """The candidate's act, as a line in their chat with HR (unread until HR opens it)."""
    candidate = invitation.application.candidate
    with translation.override(settings.LANGUAGE_CODE):
        values = {"vacancy": invitation.application.vacancy.name}
        if invitation.interview is not None:
            values["time"] = local_time(invitation.interview, candidate)
        texts = {
            "booked": _("📅 I booked the interview for %(vacancy)s on %(time)s."),
            "moved": _("🔁 I moved the interview for %(vacancy)s to %(time)s."),
            "cancelled": _("❌ I cancelled the interview for %(vacancy)s."),
        }
        message_receive(candidate=candidate, text=texts[kind] % values)


def booking_book(
    *,
    invitation_id: int,
    starts_at: dt.datetime,
    telegram_user_id: int | None = None,
    candidate_id: int | None = None,
    now: dt.datetime | None = None,
) -> Interview:
    """Book a free time of a waiting invitation: the interview is scheduled and the candidate notified."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _locked(invitation_id, telegram_user_id, candidate_id)
        if invitation.status == BookingStatus.BOOKED and invitation.slot_start == starts_at:
            return invitation.interview  # the same tap twice
        if invitation.status != BookingStatus.PENDING or invitation.deadline < now:
            raise _refuse("closed")
        _lock_interviewer(invitation)
        _check_free(invitation, starts_at, now)
        invitation.interview = interview_schedule(
            application=invitation.application,
            starts_at=starts_at,
            duration_minutes=invitation.duration_minutes,
            format=invitation.format,
            location=invitation.location,
            interviewers=[invitation.interviewer],
            created_by=invitation.created_by,
        )
        _save_slot(invitation, starts_at, BookingStatus.BOOKED)
        _tell_hr(invitation, "booked")
    return invitation.interview


def _changeable(invitation: BookingInvitation, now: dt.datetime) -> Interview:
    interview = invitation.interview
    if invitation.status != BookingStatus.BOOKED or interview is None or interview.state == "cancelled":
        raise _refuse("closed")
    if now > interview.starts_at - dt.timedelta(hours=settings.BOOKING_CHANGE_BEFORE_HOURS):
        raise _refuse("too_late")
    return interview


def booking_reschedule(
    *,
    invitation_id: int,
    starts_at: dt.datetime,
    telegram_user_id: int | None = None,
    now: dt.datetime | None = None,
) -> Interview:
    """Move a booked interview to another free time, up to BOOKING_CHANGE_BEFORE_HOURS before it."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _locked(invitation_id, telegram_user_id)
        interview = _changeable(invitation, now)
        if interview.starts_at == starts_at:
            return interview
        _lock_interviewer(invitation)
        _check_free(invitation, starts_at, now)
        _save_slot(invitation, starts_at, BookingStatus.BOOKED)
        interview_move(interview=interview, starts_at=starts_at)
        _tell_hr(invitation, "moved")
    return interview


def booking_cancel(
    *, invitation_id: int, telegram_user_id: int | None = None, now: dt.datetime | None = None
) -> None:
    """The candidate cancels a booked interview, up to BOOKING_CHANGE_BEFORE_HOURS before it."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _locked(invitation_id, telegram_user_id)
        interview = _changeable(invitation, now)
        interview_cancel(interview=interview)  # also marks the invitation cancelled
        invitation.refresh_from_db()
        _tell_hr(invitation, "cancelled")
