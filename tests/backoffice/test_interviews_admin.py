"""The candidate page schedules an interview; the dashboard lists today's; scorecards side by side."""

import datetime as dt

import pytest
from django.utils import timezone

from candidates.models import Grade, HistoryEntry, HistoryKind
from interviews.models import Interview, Scorecard
from interviews.services import interview_schedule
from messaging.models import ScheduledMessage
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(settings):
    settings.TIME_ZONE = "UTC"
    return ApplicationFactory(
        candidate__name="Ann", vacancy__name="QA", vacancy__scorecard_criteria="Python\nSQL"
    )


def _in_hours(hours: int) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(hours=hours)


def test_hr_schedules_an_interview_from_the_candidate_page(hr_client, hr_user, application):
    page = hr_client.get(f"/admin/candidates/candidate/{application.candidate_id}/change/").content.decode()
    assert 'id="interview-form"' in page

    starts = _in_hours(26)
    response = hr_client.post(
        f"/admin/candidates/candidate/{application.candidate_id}/interviews/schedule/",
        {
            "application": application.pk,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 45,
            "format": "video",
            "location": "https://meet.example.com/a",
            "interviewers": [hr_user.pk],
        },
    )

    assert response.status_code == 302 and response["Location"].endswith("#interviews")
    interview = Interview.objects.get()
    assert interview.starts_at == starts.replace(second=0)
    assert list(interview.interviewers.all()) == [hr_user]
    assert ScheduledMessage.objects.get().reason == f"interview:{interview.pk}:scheduled"
    entry = HistoryEntry.objects.get(kind=HistoryKind.INTERVIEW_SCHEDULED)
    assert (entry.candidate_id, entry.application, entry.actor) == (
        application.candidate_id,
        application,
        hr_user,
    )
    assert entry.details == {"interview_id": interview.pk, "starts_at": interview.starts_at.isoformat()}
    page = hr_client.get(f"/admin/candidates/candidate/{application.candidate_id}/change/").content.decode()
    assert f'data-interview="{interview.pk}"' in page
    row = page.split('class="history-interview_scheduled"')[1].split("</tr>")[0]
    when = starts.replace(second=0).strftime("%-d %B %Y, %H:%M")  # TIME_ZONE is UTC here
    assert f"Interview scheduled for {when}" in row and "QA" in row and "hr.manager" in row


def test_bad_input_is_reported_and_nothing_is_scheduled(hr_client, application):
    response = hr_client.post(
        f"/admin/candidates/candidate/{application.candidate_id}/interviews/schedule/",
        {"application": application.pk, "starts_at": "yesterday", "duration_minutes": 45, "format": "video"},
        follow=True,
    )

    assert response.status_code == 200
    assert "The interview was not scheduled" in response.content.decode()
    assert not Interview.objects.exists()


def test_the_dashboard_lists_todays_interviews(hr_client, application, monkeypatch):
    interview_schedule(
        application=application, starts_at=_in_hours(1), duration_minutes=30, format="phone", location="+1"
    )
    Interview.objects.update(starts_at=timezone.now())  # today, whatever the hour

    page = hr_client.get("/admin/").content.decode()

    assert 'id="hr-interviews-today"' in page
    assert "Ann" in page.split('id="hr-interviews-today"')[1].split("</table>")[0]


def test_scorecards_show_side_by_side_and_can_create_a_grade(hr_client, hr_user, application):
    interview = interview_schedule(
        application=application, starts_at=_in_hours(30), duration_minutes=30, format="phone", location="+1"
    )
    other = UserFactory(username="olga")
    Scorecard.objects.create(
        interview=interview, interviewer=other, ratings={"Python": 2, "SQL": 3}, recommendation="no"
    )

    response = hr_client.post(
        f"/admin/interviews/interview/{interview.pk}/scorecard/",
        {"c0": "4", "c1": "3", "recommendation": "strong_yes", "comment": "Great", "create_grade": "on"},
    )

    assert response.status_code == 302
    mine = Scorecard.objects.get(interviewer=hr_user)
    assert mine.ratings == {"Python": 4, "SQL": 3}
    assert Grade.objects.get().value == 88  # mean 3.5 of 4
    page = hr_client.get(f"/admin/interviews/interview/{interview.pk}/change/").content.decode()
    table = page.split('id="scorecards"')[1].split("</table>")[0]
    assert "olga" in table and "hr.manager" in table
    assert "<td>2</td>" in table and "<td>4</td>" in table


def test_changing_the_time_before_the_invitation_went_out_sends_the_invitation_at_the_new_time(
    hr_client, hr_user, application
):
    interview = interview_schedule(
        application=application, starts_at=_in_hours(30), duration_minutes=30, format="phone", location="+1"
    )
    new_start = _in_hours(50).replace(second=0)

    response = hr_client.post(
        f"/admin/interviews/interview/{interview.pk}/change/",
        {
            "starts_at_0": new_start.strftime("%Y-%m-%d"),
            "starts_at_1": new_start.strftime("%H:%M:%S"),
            "duration_minutes": 30,
            "location": "+1",
            "notes": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    interview.refresh_from_db()
    assert (interview.starts_at, interview.sequence) == (new_start, 1)
    reasons = list(ScheduledMessage.objects.order_by("id").values_list("reason", "state"))
    assert reasons == [
        (f"interview:{interview.pk}:scheduled", "cancelled"),
        (f"interview:{interview.pk}:scheduled", "pending"),
    ]
