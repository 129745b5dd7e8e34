"""The candidate's "confirm" / "ask to reschedule" button reaches HR as a message in the chat."""

import datetime as dt

import pytest

from interviews.models import Interview
from interviews.services import interview_schedule
from messaging.models import Message
from tests.factories import ApplicationFactory


@pytest.fixture
def interview(bot, chat, settings):
    application = ApplicationFactory(
        candidate__name="Ann",
        candidate__telegram_id=chat.user_id,
        candidate__language="en",
        candidate__phone="+4915112345678",
        vacancy__name="Python developer",
    )
    return interview_schedule(
        application=application,
        starts_at=dt.datetime(2030, 1, 16, 9, 0, tzinfo=dt.UTC),
        duration_minutes=30,
        format="video",
        location="https://meet.example.com/x",
    )


def test_confirming_records_it_and_hr_sees_a_message(interview, chat):
    chat.tap(f"iv:ok:{interview.pk}")

    assert chat.reply().text == "Thank you! The interview is confirmed. See you then."
    assert Interview.objects.get().state == "confirmed"
    note = Message.objects.get(direction="inbound")
    assert note.text.startswith("✅ I confirm the interview for Python developer")
    assert not note.is_read  # counts as unread for HR


def test_asking_to_reschedule_reaches_hr(interview, chat):
    chat.tap(f"iv:move:{interview.pk}")

    assert chat.reply().text == "Thank you! We will propose another time."
    assert Interview.objects.get().state == "reschedule_requested"
    assert "ask to reschedule" in Message.objects.get(direction="inbound").text


def test_someone_elses_interview_button_changes_nothing_and_is_called_out_of_date(interview, chat):
    interview.application.candidate.telegram_id = 1
    interview.application.candidate.save()

    chat.tap(f"iv:ok:{interview.pk}")
    assert chat.reply().text == "This button is out of date. Send /start to see the menu."

    assert Interview.objects.get().state == "scheduled"
    assert not Message.objects.filter(direction="inbound").exists()


def test_a_button_of_a_cancelled_interview_says_it_is_no_longer_planned(interview, chat):
    Interview.objects.filter(pk=interview.pk).update(state="cancelled")

    chat.tap(f"iv:ok:{interview.pk}")

    assert chat.reply().text == "This interview is no longer planned."
    assert Interview.objects.get().state == "cancelled"
    assert not Message.objects.filter(direction="inbound").exists()
