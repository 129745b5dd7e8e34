"""The candidate books, reschedules and cancels; the interview follows the scheduling of today."""

import datetime as dt

import pytest

from interviews.booking_services import (
    BookingRefused,
    booking_book,
    booking_cancel,
    booking_invitation_send,
    booking_reschedule,
)
from interviews.models import BookingInvitation, Interview
from messaging.models import Message, ScheduledMessage
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
FRIDAY_7 = dt.datetime(2026, 1, 16, 7, tzinfo=dt.UTC)
FRIDAY_8 = dt.datetime(2026, 1, 16, 8, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def booking_settings(settings):
    settings.BOOKING_MIN_NOTICE_HOURS = 2
    settings.BOOKING_CHANGE_BEFORE_HOURS = 12


@pytest.fixture
def invitation(clock, application, interviewer, schedule):
    return booking_invitation_send(
        application=application,
        interviewer=interviewer,
        format="video",
        location="https://meet.example.com/a",
    )


def test_booking_schedules_the_interview_with_its_ics_and_tells_hr(invitation, interviewer):
    interview = booking_book(invitation_id=invitation.pk, starts_at=FRIDAY_7, telegram_user_id=777001)

    assert (interview.starts_at, interview.duration_minutes, interview.format) == (FRIDAY_7, 60, "video")
    assert list(interview.interviewers.all()) == [interviewer]
    invitation.refresh_from_db()
    assert (invitation.status, invitation.slot_start, invitation.interview) == ("booked", FRIDAY_7, interview)
    sent = ScheduledMessage.objects.get(reason=f"interview:{interview.pk}:scheduled")
    assert sent.document_name == "interview.ics"
    assert Message.objects.get(direction="inbound").text.startswith(
        "📅 I booked the interview for Python developer"
    )


def test_a_time_someone_else_took_is_refused(invitation, interviewer):
    other = booking_invitation_send(
        application=ApplicationFactory(), interviewer=interviewer, format="video", location="https://x"
    )
    booking_book(invitation_id=other.pk, starts_at=FRIDAY_7)

    with pytest.raises(BookingRefused) as error:
        booking_book(invitation_id=invitation.pk, starts_at=FRIDAY_7)

    assert error.value.code == "taken"
    assert Interview.objects.count() == 1


def test_a_time_outside_the_free_ones_is_refused(invitation):
    with pytest.raises(BookingRefused) as error:
        booking_book(invitation_id=invitation.pk, starts_at=FRIDAY_7 + dt.timedelta(minutes=10))
    assert error.value.code == "taken"


def test_another_telegram_user_cannot_book(invitation):
    with pytest.raises(BookingRefused) as error:
        booking_book(invitation_id=invitation.pk, starts_at=FRIDAY_7, telegram_user_id=1)
    assert error.value.code == "not_theirs"


def test_an_expired_invitation_is_closed(invitation, clock):
    clock.now += dt.timedelta(days=8)
    with pytest.raises(BookingRefused) as error:
        booking_book(invitation_id=invitation.pk, starts_at=FRIDAY_7 + dt.timedelta(days=7))
    assert error.value.code == "closed"


def test_the_same_tap_twice_books_once(invitation):
    first = booking_book(invitation_id=invitation.pk, starts_at=FRIDAY_7)
    again = booking_book(invitation_id=invitation.pk, starts_at=FRIDAY_7)
    assert first == again and Interview.objects.count() == 1


def test_rescheduling_moves_the_interview_and_frees_the_old_time(invitation, interviewer):
    interview = booking_book(invitation_id=invitation.pk, starts_at=FRIDAY_7)

    booking_reschedule(invitation_id=invitation.pk, starts_at=FRIDAY_8)

    interview.refresh_from_db()
    assert (interview.starts_at, interview.sequence) == (FRIDAY_8, 1)
    assert BookingInvitation.objects.get(pk=invitation.pk).slot_start == FRIDAY_8
    # The candidate gets the new time with the .ics (the first message, unsent yet, is superseded).
    latest = ScheduledMessage.objects.filter(reason__startswith=f"interview:{interview.pk}:").latest("id")
    assert "20260116T080000Z" in latest.document_content
    other = booking_invitation_send(
        application=ApplicationFactory(), interviewer=interviewer, format="video", location="x"
    )
    assert booking_book(invitation_id=other.pk, starts_at=FRIDAY_7).starts_at == FRIDAY_7


def test_cancelling_cancels_the_interview_and_tells_hr(invitation):
    interview = booking_book(invitation_id=invitation.pk, starts_at=FRIDAY_7)

    booking_cancel(invitation_id=invitation.pk)

    assert Interview.objects.get(pk=interview.pk).state == "cancelled"
    assert BookingInvitation.objects.get(pk=invitation.pk).status == "cancelled"
    assert Message.objects.filter(direction="inbound", text__startswith="❌ I cancelled").exists()


def test_no_change_online_after_the_change_deadline(invitation, clock):
    booking_book(invitation_id=invitation.pk, starts_at=FRIDAY_7)
    clock.now = FRIDAY_7 - dt.timedelta(hours=11)

    with pytest.raises(BookingRefused) as error:
        booking_cancel(invitation_id=invitation.pk)
    assert error.value.code == "too_late"
    with pytest.raises(BookingRefused):
        booking_reschedule(invitation_id=invitation.pk, starts_at=FRIDAY_8)
    assert Interview.objects.get().state == "scheduled"


def test_hr_cancelling_the_interview_frees_the_booked_time(invitation, interviewer):
    from interviews.services import interview_cancel

    interview = booking_book(invitation_id=invitation.pk, starts_at=FRIDAY_7)
    interview_cancel(interview=interview)

    assert BookingInvitation.objects.get(pk=invitation.pk).status == "cancelled"
    other = booking_invitation_send(
        application=ApplicationFactory(), interviewer=interviewer, format="video", location="x"
    )
    assert booking_book(invitation_id=other.pk, starts_at=FRIDAY_7).starts_at == FRIDAY_7
