"""A candidate's time zone, and when a message may reach them (never between 21:00 and 09:00)."""

import datetime as dt
import zoneinfo

import phonenumbers
from django.conf import settings
from phonenumbers import timezone as phone_timezones

from candidates.models import Candidate
from core.languages import Language

QUIET_FROM, QUIET_UNTIL = dt.time(21, 0), dt.time(9, 0)
# When the phone number does not tell: the zone most readers of a language live in.
LANGUAGE_ZONES = {Language.RU: "Europe/Moscow"}


def candidate_time_zone(candidate: Candidate) -> zoneinfo.ZoneInfo:
    """From the phone number's region when it has one zone, else from the language, else TIME_ZONE."""
    if candidate.phone:
        try:
            zones = phone_timezones.time_zones_for_number(phonenumbers.parse(candidate.phone, None))
        except phonenumbers.NumberParseException:
            zones = ()
        if len(zones) == 1 and zones[0] != phone_timezones.UNKNOWN_TIMEZONE:
            return zoneinfo.ZoneInfo(zones[0])
    name = LANGUAGE_ZONES.get(candidate.language) or settings.TIME_ZONE
    return zoneinfo.ZoneInfo(name)


def allowed_send_time(candidate: Candidate, at: dt.datetime) -> dt.datetime:
    """`at` itself when it is between 09:00 and 21:00 where the candidate lives, else the next 09:00."""
    zone = candidate_time_zone(candidate)
    local = at.astimezone(zone)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return at
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, QUIET_UNTIL, tzinfo=zone).astimezone(dt.UTC)
