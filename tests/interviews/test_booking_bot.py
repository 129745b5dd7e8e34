"""The candidate books from the bot: the "choose a time" message's buttons book a free time."""

import datetime as dt

import pytest

from interviews.booking_services import booking_book, booking_invitation_send
from interviews.models import Interview
from tests.factories import ApplicationFactory

FRIDAY_7 = dt.datetime(2026, 1, 16, 7, tzinfo=dt.UTC)


@pytest.fixture
def invitation(bot, chat, clock, settings, application, interviewer, schedule):
    settings.BOOKING_MIN_NOTICE_HOURS = 2
    settings.PUBLIC_BASE_URL = "https://jobs.example.com"
    invitation = booking_invitation_send(
        application=application,
        interviewer=interviewer,
        format="video",
        location="https://meet.example.com/a",
    )
    message = chat.reply()  # the invitation itself
    assert message.text.startswith("Hello Ann! Please choose a time")
    rows = message.reply_markup["inline_keyboard"]
    assert rows[0][0]["callback_data"] == f"bk:{invitation.pk}:{int(FRIDAY_7.timestamp())}"
    web_app = rows[-2][0]["web_app"]["url"]
    assert web_app.endswith(f"/book/{invitation.token}/?via=telegram")
    return invitation


def test_tapping_a_free_time_books_it_and_sends_the_interview_with_its_ics(
    invitation, chat, interviewer, fake_telegram
):
    chat.tap(f"bk:{invitation.pk}:{int(FRIDAY_7.timestamp())}")

    assert chat.reply().text.startswith("Thank you! Your interview is booked for Jan. 16, 2026, 8 a.m.")
    fake_telegram.wait_for(lambda: fake_telegram.sent("sendDocument"))  # the invitation with its .ics
    assert fake_telegram.sent("sendDocument")[0].params["caption"].startswith("Hello Ann! You are invited")
    interview = Interview.objects.get()
    assert (interview.starts_at, list(interview.interviewers.all())) == (FRIDAY_7, [interviewer])


def test_a_time_taken_meanwhile_gets_the_current_free_times(invitation, chat, interviewer):
    other = booking_invitation_send(
        application=ApplicationFactory(candidate__telegram_id=None),
        interviewer=interviewer,
        format="video",
        location="x",
    )
    booking_book(invitation_id=other.pk, starts_at=FRIDAY_7)

    chat.tap(f"bk:{invitation.pk}:{int(FRIDAY_7.timestamp())}")

    reply = chat.reply()
    assert reply.text.startswith("This time is no longer free")
    assert f"/book/{invitation.token}/" in reply.text
    assert f"bk:{invitation.pk}:{int(FRIDAY_7.timestamp())}" not in reply.button_data()
    assert (
        reply.button_data()[0] == f"bk:{invitation.pk}:{int((FRIDAY_7 + dt.timedelta(hours=1)).timestamp())}"
    )


def test_another_users_tap_or_a_malformed_button_books_nothing_and_is_called_out_of_date(
    invitation, chat, fake_telegram
):
    from tests.telegram_bot.conftest import ChatScript

    ChatScript(fake_telegram, user_id=5).tap(f"bk:{invitation.pk}:{int(FRIDAY_7.timestamp())}")
    chat.tap(f"bk:{invitation.pk}:soon")
    replies = chat.replies(2)  # one in each chat, in either order

    assert sorted(int(reply.params["chat_id"]) for reply in replies) == sorted([5, chat.user_id])
    assert {reply.text for reply in replies} == {"This button is out of date. Send /start to see the menu."}
    assert not Interview.objects.exists()
