"""The .ics file sent with an interview message (made with icalendar): a REQUEST, or a CANCEL."""

import datetime as dt

import icalendar
from django.conf import settings
from django.utils import timezone

from interviews.models import Interview, InterviewFormat


def interview_ics(interview: Interview, *, summary: str, cancelled: bool = False) -> str:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//recruitment//interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"{interview.uid}@{settings.PUBLIC_BASE_URL.split('//')[-1]}")
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", interview.starts_at.astimezone(dt.UTC))
    event.add(
        "dtend", (interview.starts_at + dt.timedelta(minutes=interview.duration_minutes)).astimezone(dt.UTC)
    )
    event.add("summary", summary)
    if interview.format == InterviewFormat.VIDEO:
        event.add("url", interview.location)
    event.add("location", interview.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
