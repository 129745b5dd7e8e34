"""Scheduling, moving and cancelling an interview tells the candidate in Telegram with an .ics file."""

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db.models.signals import post_save

from candidates.models import HistoryEntry, HistoryKind
from interviews.models import Interview
from interviews.services import interview_cancel, interview_move, interview_schedule
from messaging.models import Message, ScheduledMessage
from tests.interviews.conftest import NOON

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("eager_celery", "local_cache", "telegram_settings"),
]
TOMORROW_TEN_BERLIN = dt.datetime(2026, 1, 16, 9, 0, tzinfo=dt.UTC)


def _schedule(application, interviewer, capture) -> Interview:
    with capture(execute=True):
        return interview_schedule(
            application=application,
            starts_at=TOMORROW_TEN_BERLIN,
            duration_minutes=45,
            format="video",
            location="https://meet.example.com/abc",
            interviewers=[interviewer],
        )


def _calendar(call) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(call.params["document"]["content"])


def test_scheduling_sends_the_candidate_an_ics_with_confirm_and_reschedule_buttons(
    clock, application, interviewer, fake_telegram, django_capture_on_commit_callbacks
):
    interview = _schedule(application, interviewer, django_capture_on_commit_callbacks)

    [call] = fake_telegram.sent("sendDocument", chat_id=777001)
    assert "Hello Ann! You are invited to an interview for Python developer" in call.params["caption"]
    assert "on Jan. 16, 2026, 10 a.m. (Europe/Berlin) (45 min)" in call.params["caption"]
    assert "https://meet.example.com/abc" in call.params["caption"]
    assert call.params["document"]["filename"] == "interview.ics"
    assert call.params["document"]["content_type"] == "text/calendar"
    event = _calendar(call).walk("VEVENT")[0]
    assert event.decoded("dtstart") == TOMORROW_TEN_BERLIN
    assert event.decoded("dtend") == TOMORROW_TEN_BERLIN + dt.timedelta(minutes=45)
    buttons = [b["callback_data"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == [f"iv:ok:{interview.pk}", f"iv:move:{interview.pk}"]
    message = Message.objects.get()
    assert (message.delivery_status, message.document_name) == ("sent", "interview.ics")


def test_a_russian_candidate_reads_it_in_russian(
    clock, application, interviewer, fake_telegram, django_capture_on_commit_callbacks
):
    application.candidate.language = "ru"
    application.candidate.save()

    _schedule(application, interviewer, django_capture_on_commit_callbacks)

    [call] = fake_telegram.sent("sendDocument")
    assert "Приглашаем вас на собеседование" in call.params["caption"]
    assert "января" in call.params["caption"]


def test_moving_sends_the_new_time_with_a_newer_sequence(
    clock, application, interviewer, fake_telegram, django_capture_on_commit_callbacks
):
    interview = _schedule(application, interviewer, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        interview_move(interview=interview, starts_at=TOMORROW_TEN_BERLIN + dt.timedelta(hours=3))

    first, moved = fake_telegram.sent("sendDocument")
    assert "has moved to" in moved.params["caption"]
    event = _calendar(moved).walk("VEVENT")[0]
    assert event.decoded("dtstart") == TOMORROW_TEN_BERLIN + dt.timedelta(hours=3)
    assert int(event["sequence"]) == 1
    assert str(event["uid"]) == str(_calendar(first).walk("VEVENT")[0]["uid"])


def test_cancelling_sends_a_cancel_ics_without_buttons(
    clock, application, interviewer, fake_telegram, django_capture_on_commit_callbacks
):
    interview = _schedule(application, interviewer, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        assert interview_cancel(interview=interview)
    assert not interview_cancel(interview=interview)  # once

    cancelled = fake_telegram.sent("sendDocument")[-1]
    assert "is cancelled" in cancelled.params["caption"]
    assert str(_calendar(cancelled)["method"]) == "CANCEL"
    assert "reply_markup" not in cancelled.params
    assert len(fake_telegram.sent("sendDocument")) == 2


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"starts_at": NOON - dt.timedelta(hours=1)}, "starts_at"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"location": " "}, "location"),
        ({"format": "carrier pigeon"}, "format"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(clock, application, changes, field):
    values = {
        "starts_at": TOMORROW_TEN_BERLIN,
        "duration_minutes": 30,
        "format": "phone",
        "location": "+49 30 1234",
    }
    with pytest.raises(ValidationError) as error:
        interview_schedule(application=application, **{**values, **changes})

    assert field in error.value.message_dict
    assert not Interview.objects.exists()


def test_an_invitation_still_held_overnight_is_replaced_not_followed_by_a_move_or_cancel(
    clock, application, interviewer
):
    clock.now = dt.datetime(2026, 1, 15, 22, 0, tzinfo=dt.UTC)  # 23:00 in Berlin: held until 09:00
    interview = interview_schedule(
        application=application,
        starts_at=TOMORROW_TEN_BERLIN,
        duration_minutes=30,
        format="phone",
        location="+1",
    )
    interview_move(interview=interview, starts_at=TOMORROW_TEN_BERLIN + dt.timedelta(hours=2))

    pending = ScheduledMessage.objects.get(state="pending")
    assert pending.reason.endswith(":scheduled") and "You are invited" in pending.text

    interview_cancel(interview=interview)
    assert not ScheduledMessage.objects.filter(state="pending").exists()


def test_scheduling_is_recorded_in_the_history_with_who_scheduled_it(clock, application, interviewer):
    interview = interview_schedule(
        application=application,
        starts_at=TOMORROW_TEN_BERLIN,
        duration_minutes=45,
        format="video",
        location="https://meet.example.com/abc",
        created_by=interviewer,
    )
    entry = HistoryEntry.objects.get(kind=HistoryKind.INTERVIEW_SCHEDULED)
    assert (entry.candidate_id, entry.application, entry.actor) == (
        application.candidate_id,
        application,
        interviewer,
    )
    assert entry.details == {"interview_id": interview.pk, "starts_at": "2026-01-16T09:00:00+00:00"}


def test_a_scheduling_that_fails_after_the_entry_leaves_neither_interview_nor_entry(
    clock, application, interviewer
):
    def fail(**kwargs):
        raise RuntimeError("the outbox is full")

    post_save.connect(fail, sender=ScheduledMessage, weak=False, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            interview_schedule(
                application=application,
                starts_at=TOMORROW_TEN_BERLIN,
                duration_minutes=45,
                format="phone",
                location="+4915112345678",
                created_by=interviewer,
            )
    finally:
        post_save.disconnect(sender=ScheduledMessage, dispatch_uid="test-fail")
    assert not Interview.objects.exists()
    assert not HistoryEntry.objects.filter(kind=HistoryKind.INTERVIEW_SCHEDULED).exists()
