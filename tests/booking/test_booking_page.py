"""The booking page: free times in the candidate's language and zone; book, move, cancel; bad input."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.booking_services import booking_book, booking_invitation_send
from interviews.models import BookingInvitation, Interview
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db
FRIDAY_7 = dt.datetime(2026, 1, 16, 7, tzinfo=dt.UTC)  # 08:00 in Berlin, the candidate's zone
FRIDAY_8 = dt.datetime(2026, 1, 16, 8, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def booking_settings(settings):
    settings.BOOKING_MIN_NOTICE_HOURS = 2
    settings.BOOKING_HORIZON_DAYS = 4
    settings.BOOKING_CHANGE_BEFORE_HOURS = 12


@pytest.fixture
def invitation(clock, application, interviewer, schedule):
    return booking_invitation_send(
        application=application,
        interviewer=interviewer,
        format="video",
        location="https://meet.example.com/a",
    )


def url(invitation: BookingInvitation) -> str:
    return f"/book/{invitation.token}/"


def test_the_page_lists_the_free_times_by_day_in_the_candidates_zone(client, invitation):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(invitation))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Interview for Python developer" in page
    assert "Friday, 16 January" in page and "Monday, 19 January" in page
    assert f'value="{int(FRIDAY_7.timestamp())}"' in page and ">08:00</label>" in page
    assert "Europe/Berlin" in page
    assert len(queries) <= 8  # constant, whatever the number of free times


def test_the_page_speaks_russian_to_a_russian_candidate(client, invitation):
    candidate = invitation.application.candidate
    candidate.language = "ru"
    candidate.save()

    page = client.get(url(invitation), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Собеседование на вакансию Python developer" in page
    assert "Записаться на это время" in page


def test_booking_a_time_schedules_the_interview_and_shows_it(client, invitation):
    response = client.post(url(invitation), {"action": "book", "slot": int(FRIDAY_7.timestamp())})

    assert response.status_code == 302 and response["Location"].endswith("?done=booked")
    assert Interview.objects.get().starts_at == FRIDAY_7
    page = client.get(response["Location"]).content.decode()
    assert "Your interview is booked" in page
    assert "Fri 16 January, 08:00" in page
    assert "Cancel the interview" in page


def test_a_time_taken_meanwhile_says_so_and_offers_the_others(client, invitation, interviewer):
    other = booking_invitation_send(
        application=ApplicationFactory(), interviewer=interviewer, format="video", location="x"
    )
    booking_book(invitation_id=other.pk, starts_at=FRIDAY_7)

    response = client.post(url(invitation), {"action": "book", "slot": int(FRIDAY_7.timestamp())})

    assert response.status_code == 409
    page = response.content.decode()
    assert "This time is no longer free" in page
    assert f'value="{int(FRIDAY_7.timestamp())}"' not in page
    assert f'value="{int(FRIDAY_8.timestamp())}"' in page


@pytest.mark.parametrize("slot", ["", "soon", "99999999999999999999", "-1"])
def test_a_malformed_time_is_a_clear_error_not_a_500(client, invitation, slot):
    response = client.post(url(invitation), {"action": "book", "slot": slot})

    assert response.status_code == 409
    assert not Interview.objects.exists()


def test_moving_and_cancelling_from_the_page(client, invitation):
    client.post(url(invitation), {"action": "book", "slot": int(FRIDAY_7.timestamp())})

    moved = client.post(url(invitation), {"action": "reschedule", "slot": int(FRIDAY_8.timestamp())})
    assert moved["Location"].endswith("?done=moved")
    assert Interview.objects.get().starts_at == FRIDAY_8

    cancelled = client.post(url(invitation), {"action": "cancel"})
    assert cancelled["Location"].endswith("?done=cancelled")
    assert Interview.objects.get().state == "cancelled"
    assert "This invitation is closed" in client.get(url(invitation)).content.decode()


def test_after_the_change_deadline_the_page_only_shows_the_time(client, invitation, clock):
    client.post(url(invitation), {"action": "book", "slot": int(FRIDAY_7.timestamp())})
    clock.now = FRIDAY_7 - dt.timedelta(hours=2)

    page = client.get(url(invitation)).content.decode()
    assert "Cancel the interview" not in page and 'name="slot"' not in page
    assert client.post(url(invitation), {"action": "cancel"}).status_code == 409
    assert Interview.objects.get().state == "scheduled"


def test_an_unknown_token_is_a_friendly_404(client, db):
    response = client.get("/book/not-a-token/")
    assert response.status_code == 404
    assert "This booking link is not valid" in response.content.decode()


def test_inside_telegram_the_page_loads_telegrams_script_and_keeps_the_mode(client, invitation):
    page = client.get(url(invitation) + "?via=telegram").content.decode()
    assert "telegram-web-app.js" in page and "booking/mini-app.js" in page

    response = client.post(
        url(invitation) + "?via=telegram", {"action": "book", "slot": int(FRIDAY_7.timestamp())}
    )
    assert response["Location"].endswith("?done=booked&via=telegram")
