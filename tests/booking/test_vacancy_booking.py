"""The vacancy's public booking link: a new person books a time and so applies; nothing is stored
when the input is bad or the time was taken meanwhile."""

import datetime as dt

import pytest

from booking.models import VacancyBookingLink
from candidates.models import Application, Candidate
from interviews.booking_services import booking_book, booking_invitation_send
from interviews.models import Interview
from tests.factories import ApplicationFactory, CandidateFactory, VacancyFactory

pytestmark = pytest.mark.django_db
FRIDAY_7 = dt.datetime(2026, 1, 16, 7, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def booking_settings(settings):
    settings.BOOKING_MIN_NOTICE_HOURS = 2
    settings.BOOKING_HORIZON_DAYS = 4


@pytest.fixture
def link(clock, interviewer, schedule):
    return VacancyBookingLink.objects.create(
        vacancy=VacancyFactory(name="Data engineer"),
        interviewer=interviewer,
        format="video",
        location="https://meet.example.com/de",
        duration_minutes=45,
    )


def form(**changes) -> dict:
    return {
        "name": "Lena",
        "surname": "Kraus",
        "email": "lena@example.com",
        "phone": "+49 151 23456789",
        "consent": "on",
        "slot": int(FRIDAY_7.timestamp()),
        **changes,
    }


def test_the_page_shows_the_interviewers_free_times_and_the_form(client, link):
    page = client.get(f"/book/vacancy/{link.token}/").content.decode()

    assert "Interview for Data engineer" in page
    assert (
        f'value="{int(FRIDAY_7.timestamp())}"' in page and ">10:00</label>" in page
    )  # Moscow, the interviewer's
    assert 'name="email"' in page and 'name="consent"' in page


def test_booking_creates_the_candidate_the_application_and_the_interview(client, link, interviewer):
    response = client.post(f"/book/vacancy/{link.token}/", form())

    candidate = Candidate.objects.get()
    assert (candidate.name, candidate.phone, candidate.consent_at is not None) == (
        "Lena",
        "+4915123456789",
        True,
    )
    application = Application.objects.get()
    assert (application.vacancy, application.source) == (link.vacancy, "careers")
    interview = Interview.objects.get()
    assert (interview.starts_at, interview.duration_minutes, list(interview.interviewers.all())) == (
        FRIDAY_7,
        45,
        [interviewer],
    )
    token = application.booking_invitations.get().token
    assert response["Location"] == f"/book/{token}/?done=booked"
    assert "Your interview is booked" in client.get(response["Location"]).content.decode()


def test_a_returning_person_joins_their_record(client, link):
    known = CandidateFactory(email="lena@example.com", name="Elena")

    client.post(f"/book/vacancy/{link.token}/", form())

    assert Candidate.objects.get() == known
    assert Candidate.objects.get().name == "Elena"  # the joined record is left as it was
    assert Application.objects.get().candidate == known


@pytest.mark.parametrize(
    "changes", [{"consent": ""}, {"email": "not-an-email"}, {"phone": "123"}, {"slot": ""}, {"slot": "soon"}]
)
def test_bad_input_is_shown_again_and_stores_nothing(client, link, changes):
    response = client.post(f"/book/vacancy/{link.token}/", form(**changes))

    assert response.status_code == 400
    assert not Candidate.objects.exists() and not Interview.objects.exists()


def test_a_time_taken_meanwhile_stores_nothing_and_keeps_the_form(client, link, interviewer):
    other = booking_invitation_send(
        application=ApplicationFactory(), interviewer=interviewer, format="video", location="x"
    )
    booking_book(invitation_id=other.pk, starts_at=FRIDAY_7)
    before = Candidate.objects.count()

    response = client.post(f"/book/vacancy/{link.token}/", form())

    assert response.status_code == 409
    page = response.content.decode()
    assert "This time is no longer free" in page and 'value="lena@example.com"' in page
    assert Candidate.objects.count() == before and Interview.objects.count() == 1


def test_a_closed_link_or_an_unpublished_vacancy_is_not_found(client, link):
    link.is_active = False
    link.save()
    assert client.get(f"/book/vacancy/{link.token}/").status_code == 404
    link.is_active = True
    link.save()
    link.vacancy.is_published = False
    link.vacancy.save()
    assert client.post(f"/book/vacancy/{link.token}/", form()).status_code == 404
    assert not Candidate.objects.exists()


def test_hr_creates_a_link_in_the_back_office_and_sees_its_address(client, settings, interviewer):
    from backoffice.permissions import hr_manager_group_sync
    from tests.factories import UserFactory

    settings.PUBLIC_BASE_URL = "https://jobs.example.com"
    hr = UserFactory(username="hr.link", is_staff=True)
    hr.groups.add(hr_manager_group_sync())
    client.force_login(hr)
    vacancy = VacancyFactory()
    data = {
        "vacancy": vacancy.pk,
        "interviewer": interviewer.pk,
        "format": "phone",
        "location": "+7 495 123-45-67",
        "duration_minutes": 30,
        "is_active": "on",
    }

    assert client.post("/admin/booking/vacancybookinglink/add/", data).status_code == 302

    link = VacancyBookingLink.objects.get()
    page = client.get(f"/admin/booking/vacancybookinglink/{link.pk}/change/").content.decode()
    assert f"https://jobs.example.com/book/vacancy/{link.token}/" in page


def test_bookings_from_one_network_are_limited(client, link, settings):
    settings.CAREERS_APPLY_RATE = "1/h"
    assert client.post(f"/book/vacancy/{link.token}/", form()).status_code == 302

    second = client.post(
        f"/book/vacancy/{link.token}/", form(email="other@example.com", phone="+4915199999999")
    )

    assert second.status_code == 429
    assert Candidate.objects.count() == 1
