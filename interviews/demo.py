"""Demo interviews for `seed_demo`: a few today and tomorrow, so the dashboard and the candidate
pages show them. Written directly (no candidate is messaged), once."""

import datetime as dt

from django.utils import timezone

from candidates.demo import demo_candidates
from candidates.models import Application
from interviews.models import Interview, InterviewFormat

DEMO_CRITERIA = "Python\nSystem design\nCommunication"
SLOTS = [(0, 11), (0, 15), (1, 10)]  # (days from today, hour in TIME_ZONE)
FORMATS = [
    (InterviewFormat.VIDEO, "https://meet.example.com/demo-interview"),
    (InterviewFormat.IN_PERSON, "1 Example Street, room 4"),
    (InterviewFormat.PHONE, "+7 495 000-00-00"),
]


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
    return f"{created} new demo interviews"
