"""Interviews the candidate books (README, "Interviews the candidate books"), read from the environment."""

from typing import Any

from recruitment.environment import Env


def booking_settings(env: Env) -> dict[str, Any]:
    return {
        # How long a "choose a time" invitation stays open.
        "BOOKING_INVITATION_DAYS": env.int("BOOKING_INVITATION_DAYS", 7, minimum=1, maximum=90),
        # How far ahead free times are offered.
        "BOOKING_HORIZON_DAYS": env.int("BOOKING_HORIZON_DAYS", 14, minimum=1, maximum=90),
        # The earliest bookable time is this many hours from now.
        "BOOKING_MIN_NOTICE_HOURS": env.int("BOOKING_MIN_NOTICE_HOURS", 12, minimum=0, maximum=24 * 14),
        # The candidate may reschedule or cancel until this many hours before the interview.
        "BOOKING_CHANGE_BEFORE_HOURS": env.int("BOOKING_CHANGE_BEFORE_HOURS", 24, minimum=0, maximum=24 * 14),
        # Each interviewer's CalDAV calendar is read this often (beat: interviews-sync-calendars).
        "BOOKING_CALDAV_SYNC_MINUTES": env.int("BOOKING_CALDAV_SYNC_MINUTES", 10, minimum=1, maximum=24 * 60),
        "BOOKING_CALDAV_TIMEOUT_SECONDS": env.int(
            "BOOKING_CALDAV_TIMEOUT_SECONDS", 15, minimum=1, maximum=120
        ),
    }
