"""HR sends "choose a time": the candidate gets the free times as buttons and the booking page link."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from interviews.booking_services import booking_invitation_send
from interviews.models import BookingInvitation
from messaging.models import ScheduledMessage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def booking_settings(settings):
    settings.BOOKING_MIN_NOTICE_HOURS = 2
    settings.BOOKING_HORIZON_DAYS = 4
    settings.PUBLIC_BASE_URL = "https://jobs.example.com"


def test_the_candidate_gets_the_next_free_times_as_buttons_and_the_page(
    clock, application, interviewer, schedule
):
    invitation = booking_invitation_send(
        application=application,
        interviewer=interviewer,
        format="video",
        location="https://meet.example.com/a",
    )

    assert invitation.status == "pending"
    assert invitation.deadline == clock.now + dt.timedelta(days=7)
    assert len(invitation.token) >= 43  # 256 bits
    message = ScheduledMessage.objects.get()
    assert message.reason == f"booking:{invitation.pk}:invite"
    assert "choose a time for your interview for Python developer" in message.text
    assert "Europe/Berlin" in message.text  # the candidate's zone (a German phone number)
    rows = message.buttons
    first_friday_slot = int(dt.datetime(2026, 1, 16, 7, tzinfo=dt.UTC).timestamp())
    assert rows[0][0] == {"text": "Fri 16 January, 08:00", "data": f"bk:{invitation.pk}:{first_friday_slot}"}
    assert sum(len(row) for row in rows[:-2]) == 6
    url = f"https://jobs.example.com/book/{invitation.token}/"
    assert rows[-2] == [{"text": "All free times", "web_app": f"{url}?via=telegram"}]
    assert rows[-1] == [{"text": "Open in the browser", "url": url}]


def test_a_new_invitation_withdraws_the_one_still_waiting(clock, application, interviewer, schedule):
    first = booking_invitation_send(
        application=application, interviewer=interviewer, format="phone", location="+7 495"
    )
    second = booking_invitation_send(
        application=application, interviewer=interviewer, format="phone", location="+7 495"
    )

    assert BookingInvitation.objects.get(pk=first.pk).status == "cancelled"
    assert BookingInvitation.objects.get(pk=second.pk).status == "pending"


def test_a_candidate_without_telegram_gets_no_message_but_the_invitation_exists(
    clock, application, interviewer, schedule
):
    application.candidate.telegram_id = None
    application.candidate.save()

    invitation = booking_invitation_send(
        application=application, interviewer=interviewer, format="video", location="x"
    )

    assert invitation.pk and not ScheduledMessage.objects.exists()


def test_an_interviewer_without_working_hours_or_bad_input_is_refused(clock, application, interviewer):
    with pytest.raises(ValidationError) as error:
        booking_invitation_send(
            application=application, interviewer=interviewer, format="fax", location=" ", duration_minutes=1
        )

    assert set(error.value.message_dict) == {"interviewer", "format", "location", "duration_minutes"}
    assert not BookingInvitation.objects.exists()


def test_over_plain_http_the_link_goes_in_the_text_as_telegram_takes_only_https(
    clock, settings, application, interviewer, schedule
):
    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"

    invitation = booking_invitation_send(
        application=application, interviewer=interviewer, format="video", location="x"
    )

    message = ScheduledMessage.objects.get()
    assert message.text.endswith(f"All free times: http://127.0.0.1:8000/book/{invitation.token}/")
    assert all("data" in button for row in message.buttons for button in row)
