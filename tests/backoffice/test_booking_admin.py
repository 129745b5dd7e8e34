"""HR sets interviewers' schedules and busy times, sends "choose a time", and sees what is booked."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import BookingInvitation, BusyTime, Interview, InterviewerSchedule, WorkingHours
from interviews.secrets import secret_decrypt
from messaging.models import ScheduledMessage
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def interviewer(db):
    user = UserFactory(username="ivan", first_name="Ivan", last_name="Petrov")
    schedule = InterviewerSchedule.objects.create(interviewer=user, time_zone="Europe/Moscow")
    WorkingHours.objects.create(schedule=schedule, weekday=0, starts=dt.time(10), ends=dt.time(18))
    return user


def test_hr_sets_a_schedule_with_working_hours_and_an_encrypted_calendar_password(hr_client):
    user = UserFactory(username="olga")
    data = {
        "interviewer": user.pk,
        "time_zone": "Asia/Yekaterinburg",
        "slot_step_minutes": 30,
        "accepts_bookings": "on",
        "caldav_url": "https://caldav.yandex.ru/calendars/olga/events/",
        "caldav_username": "olga",
        "new_password": "app-password",
        "hours-TOTAL_FORMS": 1,
        "hours-INITIAL_FORMS": 0,
        "hours-0-weekday": 2,
        "hours-0-starts": "09:00",
        "hours-0-ends": "17:00",
    }
    response = hr_client.post(reverse("admin:interviews_interviewerschedule_add"), data)

    assert response.status_code == 302, response.content.decode()[-2000:]
    schedule = InterviewerSchedule.objects.get(interviewer=user)
    assert (
        schedule.caldav_password != "app-password"
        and secret_decrypt(schedule.caldav_password) == "app-password"
    )
    assert list(schedule.hours.values_list("weekday", "starts")) == [(2, dt.time(9))]
    page = hr_client.get(reverse("admin:interviews_interviewerschedule_change", args=[schedule.pk]))
    assert b"app-password" not in page.content and schedule.caldav_password.encode() not in page.content


def test_a_bad_time_zone_or_hours_ending_before_they_start_are_form_errors(hr_client):
    data = {
        "interviewer": UserFactory().pk,
        "time_zone": "Mars/Olympus",
        "slot_step_minutes": 30,
        "hours-TOTAL_FORMS": 1,
        "hours-INITIAL_FORMS": 0,
        "hours-0-weekday": 0,
        "hours-0-starts": "18:00",
        "hours-0-ends": "09:00",
    }
    response = hr_client.post(reverse("admin:interviews_interviewerschedule_add"), data)

    assert response.status_code == 200
    assert "Unknown time zone" in response.content.decode()
    assert not InterviewerSchedule.objects.exists()


def test_hr_types_a_busy_time_but_cannot_edit_one_read_from_the_calendar(hr_client, interviewer):
    start = timezone.now() + dt.timedelta(days=1)
    response = hr_client.post(
        reverse("admin:interviews_busytime_add"),
        {
            "interviewer": interviewer.pk,
            "starts_at_0": start.strftime("%Y-%m-%d"),
            "starts_at_1": "10:00",
            "ends_at_0": start.strftime("%Y-%m-%d"),
            "ends_at_1": "12:00",
            "title": "Conference",
        },
    )
    assert response.status_code == 302
    assert BusyTime.objects.get().source == "manual"
    synced = BusyTime.objects.create(
        interviewer=interviewer, starts_at=start, ends_at=start + dt.timedelta(hours=1), source="caldav"
    )
    url = reverse("admin:interviews_busytime_change", args=[synced.pk])
    assert hr_client.post(url, {"title": "changed"}).status_code == 403


def test_hr_sends_choose_a_time_from_the_candidate_page(hr_client, interviewer, hr_user):
    application = ApplicationFactory(vacancy__name="Go developer")
    page = reverse("admin:candidates_candidate_change", args=[application.candidate_id])
    assert b'id="booking-invite-form"' in hr_client.get(page).content

    response = hr_client.post(
        reverse("admin:candidates_candidate_booking_invite", args=[application.candidate_id]),
        {
            "application": application.pk,
            "interviewer": interviewer.pk,
            "duration_minutes": 45,
            "format": "video",
            "location": "https://meet.example.com/go",
        },
        follow=True,
    )

    invitation = BookingInvitation.objects.get()
    assert (invitation.interviewer, invitation.duration_minutes, invitation.created_by) == (
        interviewer,
        45,
        hr_user,
    )
    assert ScheduledMessage.objects.filter(reason=f"booking:{invitation.pk}:invite").exists()
    assert f"/book/{invitation.token}/" in response.content.decode()


def test_a_bad_invitation_form_is_a_clear_error(hr_client, interviewer):
    application = ApplicationFactory()
    response = hr_client.post(
        reverse("admin:candidates_candidate_booking_invite", args=[application.candidate_id]),
        {
            "application": application.pk,
            "interviewer": interviewer.pk,
            "duration_minutes": 2,
            "format": "video",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "The invitation was not sent" in response.content.decode()
    assert not BookingInvitation.objects.exists()


def test_the_dashboard_lists_upcoming_interviews_with_a_constant_number_of_queries(hr_client, interviewer):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = hr_client.get(reverse("admin:index"))
        assert response.status_code == 200
        return len(queries)

    def interview(days: int) -> Interview:
        created = Interview.objects.create(
            application=ApplicationFactory(candidate__name=f"Person{days}"),
            starts_at=timezone.now() + dt.timedelta(days=days),
            format="video",
            location="x",
        )
        created.interviewers.add(interviewer)
        return created

    interview(1)
    few = count()
    for days in range(2, 7):
        interview(days)
    interview(9)  # beyond the week

    assert count() == few
    page = hr_client.get(reverse("admin:index")).content.decode()
    assert "Upcoming interviews" in page
    assert page.count('class="interview-upcoming"') == 6
    assert "Person9" not in page
