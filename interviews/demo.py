"""Demo interviews for `seed_demo`: a few today and tomorrow, so the dashboard and the candidate
pages show them. Written directly (no candidate is messaged), once."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from candidates.demo import demo_candidates
from candidates.models import Application
from interviews.models import Interview, InterviewerSchedule, InterviewFormat, WorkingHours

DEMO_CRITERIA = "Python\nSystem design\nCommunication"
SLOTS = [(0, 11), (0, 15), (1, 10)]  # (days from today, hour in TIME_ZONE)
FORMATS = [
    (InterviewFormat.VIDEO, "https://meet.example.com/demo-interview"),
    (InterviewFormat.IN_PERSON, "1 Example Street, room 4"),
    (InterviewFormat.PHONE, "+7 495 000-00-00"),
]


def _demo_schedule() -> str:
    """The first staff user books interviews on weekdays 10:00-18:00 (so "choose a time" can be tried)."""
    user = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("id").first()
    if user is None or InterviewerSchedule.objects.filter(interviewer=user).exists():
        return ""
    schedule = InterviewerSchedule.objects.create(interviewer=user, time_zone=settings.TIME_ZONE)
    WorkingHours.objects.bulk_create(
        WorkingHours(schedule=schedule, weekday=day, starts=dt.time(10), ends=dt.time(18)) for day in range(5)
    )
    return f", working hours for {user.get_username()}"


def seed_demo() -> str:
    created = 0
    today = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for index, candidate in enumerate(demo_candidates()[: len(SLOTS)]):
        application = Application.objects.filter(candidate=candidate).select_related("vacancy").first()
        if application is None or application.interviews.exists():
            continue
        if not application.vacancy.scorecard_criteria:
            application.vacancy.scorecard_criteria = DEMO_CRITERIA
            application.vacancy.save(update_fields=["scorecard_criteria", "updated_at"])
        days, hour = SLOTS[index]
        format, location = FORMATS[index]
        Interview.objects.create(
            application=application,
            starts_at=today.replace(hour=hour) + dt.timedelta(days=days),
            duration_minutes=45,
            format=format,
            location=location,
        )
        created += 1
    return f"{created} new demo interviews{_demo_schedule()}"
