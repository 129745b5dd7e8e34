"""Interviews and scorecards, and what booking needs: each interviewer's schedule (working hours,
busy times typed in or read over CalDAV) and the invitations to choose a time."""

from interviews.models.availability import BusySource, BusyTime, InterviewerSchedule, Weekday, WorkingHours
from interviews.models.booking import BookingInvitation, BookingStatus
from interviews.models.interviews import (
    ACTIVE_STATES,
    Interview,
    InterviewFormat,
    InterviewState,
    Recommendation,
    Scorecard,
)

__all__ = [
    "ACTIVE_STATES",
    "BookingInvitation",
    "BookingStatus",
    "BusySource",
    "BusyTime",
    "Interview",
    "InterviewFormat",
    "InterviewState",
    "InterviewerSchedule",
    "Recommendation",
    "Scorecard",
    "Weekday",
    "WorkingHours",
]
