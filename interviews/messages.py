"""What the candidate reads about an interview: in their language, times in their time zone."""

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from candidates.models import Candidate
from core.languages import language_or_default
from interviews.models import Interview, InterviewFormat
from messaging.quiet_hours import candidate_time_zone

# The bot routes taps on the interview buttons ("iv:ok:<id>", "iv:move:<id>") by this prefix.
CALLBACK_PREFIX = "iv"


def local_time(interview: Interview, candidate: Candidate) -> str:
    zone = candidate_time_zone(candidate)
    when = formats.date_format(interview.starts_at.astimezone(zone), "DATETIME_FORMAT")
    return f"{when} ({zone.key})"


def _where(interview: Interview) -> str:
    if interview.format == InterviewFormat.VIDEO:
        return _("Video call: %(link)s") % {"link": interview.location}
    if interview.format == InterviewFormat.IN_PERSON:
        return _("Address: %(address)s") % {"address": interview.location}
    return _("We will call you: %(phone)s") % {"phone": interview.location}


def interview_text(interview: Interview, kind: str) -> str:
    """kind: scheduled | moved | cancelled | reminder."""
    candidate = interview.application.candidate
    with translation.override(language_or_default(candidate.language)):
        values = {
            "name": candidate.name,
            "vacancy": interview.application.vacancy.name,
            "company": settings.COMPANY_NAME,
            "time": local_time(interview, candidate),
            "duration": interview.duration_minutes,
        }
        if kind == "cancelled":
            return (
                _(
                    "Hello %(name)s! Your interview for %(vacancy)s on %(time)s is cancelled. We will be in touch."
                )
                % values
            )
        if kind == "reminder":
            text = _("Reminder: your interview for %(vacancy)s at %(company)s starts at %(time)s.") % values
        elif kind == "moved":
            text = (
                _("Hello %(name)s! Your interview for %(vacancy)s has moved to %(time)s (%(duration)s min).")
                % values
            )
        else:
            text = (
                _(
                    "Hello %(name)s! You are invited to an interview for %(vacancy)s at %(company)s on %(time)s (%(duration)s min)."
                )
                % values
            )
        text = f"{text}\n{_where(interview)}"
        if kind != "reminder":
            text += "\n" + _("Please confirm, or ask to reschedule, with the buttons below.")
        return text


def interview_summary(interview: Interview) -> str:
    with translation.override(language_or_default(interview.application.candidate.language)):
        return _("Interview: %(vacancy)s, %(company)s") % {
            "vacancy": interview.application.vacancy.name,
            "company": settings.COMPANY_NAME,
        }


def interview_buttons(interview: Interview) -> list[list[dict]]:
    with translation.override(language_or_default(interview.application.candidate.language)):
        return [
            [
                {"text": _("Confirm"), "data": f"{CALLBACK_PREFIX}:ok:{interview.pk}"},
                {"text": _("Ask to reschedule"), "data": f"{CALLBACK_PREFIX}:move:{interview.pk}"},
            ]
        ]
