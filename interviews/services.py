"""Writes of interviews: schedule, move, cancel, the candidate's answer, reminders, scorecards.

Every candidate message goes through the messaging outbox (`scheduled_message_create`, then
`message_send`): quiet hours, rate limits, retries and the chat history apply.
"""

import datetime as dt
import enum
from statistics import mean

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from candidates.models import Application, HistoryKind
from candidates.services import grade_create, history_record
from interviews.calendar import interview_ics
from interviews.messages import interview_buttons, interview_summary, interview_text, local_time
from interviews.models import (
    ACTIVE_STATES,
    BookingInvitation,
    BookingStatus,
    Interview,
    InterviewFormat,
    InterviewState,
    Recommendation,
    Scorecard,
)
from messaging.models import ScheduledMessage, ScheduledState
from messaging.notifications import scheduled_message_create, scheduled_messages_cancel
from messaging.selectors import candidate_reach
from messaging.services import message_receive

REMINDER_BEFORE = dt.timedelta(hours=2)
MAX_DURATION_MINUTES = 8 * 60


def _validate(*, starts_at: dt.datetime, duration_minutes: int, format: str, location: str) -> None:
    errors = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = _("The interview must start in the future.")
    if not 5 <= duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = _("The duration must be between 5 and 480 minutes.")
    if format not in InterviewFormat.values:
        errors["format"] = _("Unknown interview format.")
    if not location.strip():
        errors["location"] = _("Give the video link, the address or the phone number.")
    if errors:
        raise ValidationError(errors)


def _reminder_needless(starts_at: dt.datetime) -> dt.datetime | None:
    """Set as if the reminder went out when the invitation itself comes less than 2 hours before."""
    now = timezone.now()
    return now if starts_at - now <= REMINDER_BEFORE else None


def _notify(interview: Interview, kind: str) -> None:
    """Tell the candidate (with the .ics), dropping what was still waiting about this interview."""
    prefix = f"interview:{interview.pk}:"
    scheduled_messages_cancel(
        candidate=interview.application.candidate,
        reason_prefix=prefix,
        outcome="Superseded by a newer message.",
    )
    candidate = interview.application.candidate
    if candidate_reach(candidate=candidate) is None:  # no Telegram, MAX or e-mail to tell them through
        return
    told = ScheduledMessage.objects.filter(reason__startswith=prefix, state=ScheduledState.SENT).exists()
    if not told and kind == "cancelled":
        return  # the invitation never went out (held overnight): nothing to take back
    if not told and kind == "moved":
        kind = "scheduled"  # they never heard of the first time: this is their invitation
    cancelled = kind == "cancelled"
    scheduled_message_create(
        candidate=candidate,
        application=interview.application,
        reason=f"{prefix}{kind}",
        text=interview_text(interview, kind),
        document=(
            "interview.ics",
            interview_ics(interview, summary=interview_summary(interview), cancelled=cancelled),
        ),
        buttons=[] if cancelled else interview_buttons(interview),
    )


def interview_schedule(
    *,
    application: Application,
    starts_at: dt.datetime,
    duration_minutes: int,
    format: str,
    location: str,
    interviewers: list[AbstractBaseUser] = (),
    notes: str = "",
    created_by: AbstractBaseUser | None = None,
) -> Interview:
    _validate(starts_at=starts_at, duration_minutes=duration_minutes, format=format, location=location)
    with transaction.atomic():
        interview = Interview.objects.create(
            application=application,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            format=format,
            location=location.strip(),
            notes=notes,
            created_by=created_by,
            reminder_sent_at=_reminder_needless(starts_at),
        )
        interview.interviewers.set(interviewers)
        history_record(
            candidate_id=application.candidate_id,
            application=application,
            kind=HistoryKind.INTERVIEW_SCHEDULED,
            actor=created_by,
            details={
                "interview_id": interview.pk,
                "starts_at": interview.starts_at.astimezone(dt.UTC).isoformat(),
            },
        )
        _notify(interview, "scheduled")
    return interview


def interview_move(
    *, interview: Interview, starts_at: dt.datetime, duration_minutes: int | None = None
) -> Interview:
    duration = duration_minutes or interview.duration_minutes
    _validate(
        starts_at=starts_at, duration_minutes=duration, format=interview.format, location=interview.location
    )
    if interview.state == InterviewState.CANCELLED:
        raise ValidationError(_("A cancelled interview cannot be moved: schedule a new one."))
    with transaction.atomic():
        interview.starts_at, interview.duration_minutes = starts_at, duration
        interview.sequence += 1
        interview.state = InterviewState.SCHEDULED
        interview.reminder_sent_at = _reminder_needless(starts_at)
        interview.save()
        _booking_follow(interview)
        _notify(interview, "moved")
    return interview


def _booking_follow(interview: Interview) -> None:
    """A booked interview moved by HR: its booking holds the new time (none if another booking has it)."""
    booked = BookingInvitation.objects.filter(interview=interview, status=BookingStatus.BOOKED)
    try:
        with transaction.atomic():
            booked.update(slot_start=interview.starts_at, updated_at=timezone.now())
    except IntegrityError:
        booked.update(slot_start=None, updated_at=timezone.now())


def interview_cancel(*, interview: Interview) -> bool:
    if interview.state == InterviewState.CANCELLED:
        return False
    with transaction.atomic():
        interview.state = InterviewState.CANCELLED
        interview.sequence += 1
        interview.save(update_fields=["state", "sequence", "updated_at"])
        BookingInvitation.objects.filter(interview=interview, status=BookingStatus.BOOKED).update(
            status=BookingStatus.CANCELLED, updated_at=timezone.now()
        )
        _notify(interview, "cancelled")
    return True


class InterviewAnswer(enum.Enum):
    """What came of the candidate's tap on an interview button."""

    RECORDED = "recorded"
    NOT_PLANNED = "not_planned"  # cancelled or already held: nothing changed
    NOT_THEIRS = "not_theirs"  # another candidate's interview, or an unknown one


def interview_answer(
    *, interview_id: int, confirm: bool, telegram_user_id: int | None = None, candidate_id: int | None = None
) -> InterviewAnswer:
    """The candidate tapped "confirm" or "ask to reschedule": record it, and tell HR in the chat.

    Who tapped is named by their Telegram id, or by their candidate id (another messenger's link)."""
    if telegram_user_id is None and candidate_id is None:
        return InterviewAnswer.NOT_THEIRS
    owner = (
        {"application__candidate__telegram_id": telegram_user_id}
        if telegram_user_id is not None
        else {"application__candidate_id": candidate_id}
    )
    interview = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__vacancy")
        .filter(pk=interview_id, **owner)
        .first()
    )
    if interview is None:
        return InterviewAnswer.NOT_THEIRS
    if interview.state not in ACTIVE_STATES:
        return InterviewAnswer.NOT_PLANNED
    candidate = interview.application.candidate
    interview.state = InterviewState.CONFIRMED if confirm else InterviewState.RESCHEDULE_REQUESTED
    interview.save(update_fields=["state", "updated_at"])
    with translation.override(settings.LANGUAGE_CODE):  # what HR reads, in the back-office's language
        values = {"time": local_time(interview, candidate), "vacancy": interview.application.vacancy.name}
        note = (
            _("✅ I confirm the interview for %(vacancy)s on %(time)s.")
            if confirm
            else _("🔁 I ask to reschedule the interview for %(vacancy)s on %(time)s.")
        ) % values
    message_receive(candidate=candidate, text=note)
    return InterviewAnswer.RECORDED


def interviews_send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind the candidates of interviews starting within two hours, once each."""
    now = now or timezone.now()
    due = Interview.objects.filter(
        state__in=ACTIVE_STATES,
        reminder_sent_at=None,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_BEFORE,
    )
    sent = 0
    for interview_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            interview = (
                Interview.objects.select_for_update(of=("self",))
                .select_related("application__candidate", "application__vacancy")
                .filter(pk=interview_id, reminder_sent_at=None)
                .first()
            )
            if interview is None:
                continue
            interview.reminder_sent_at = now
            interview.save(update_fields=["reminder_sent_at", "updated_at"])
            _notify(interview, "reminder")
            sent += 1
    return sent


def scorecard_submit(
    *,
    interview: Interview,
    interviewer: AbstractBaseUser,
    ratings: dict[str, int],
    recommendation: str,
    comment: str = "",
    create_grade: bool = False,
) -> Scorecard:
    """Store (or replace) the interviewer's scorecard; optionally a grade (mean rating as 0-100)."""
    criteria = interview.application.vacancy.criteria
    if set(ratings) != set(criteria) or any(value not in (1, 2, 3, 4) for value in ratings.values()):
        raise ValidationError(_("Rate every criterion of the vacancy from 1 to 4."))
    if recommendation not in Recommendation.values:
        raise ValidationError(_("Choose a recommendation."))
    with transaction.atomic():
        scorecard, _created = Scorecard.objects.update_or_create(
            interview=interview,
            interviewer=interviewer,
            defaults={"ratings": ratings, "recommendation": recommendation, "comment": comment},
        )
        if create_grade:
            value = round(mean(ratings.values()) / 4 * 100) if ratings else 0
            label = Recommendation(recommendation).label
            scorecard.grade = grade_create(
                candidate=interview.application.candidate,
                value=value,
                comment=f"Interview {interview.starts_at:%Y-%m-%d}: {label}. {comment}".strip(),
                created_by=interviewer,
            )
            scorecard.save(update_fields=["grade", "updated_at"])
    return scorecard
