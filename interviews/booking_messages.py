"""What the candidate reads about booking: the "choose a time" message and its buttons, in their
language, times in their time zone."""

import datetime as dt

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from core.languages import language_or_default
from interviews.models import BookingInvitation
from messaging.quiet_hours import candidate_time_zone

# The bot routes taps on a free-time button ("bk:<invitation id>:<unix seconds>") by this prefix.
CALLBACK_PREFIX = "bk"
# The booking page: PUBLIC_BASE_URL + BOOKING_PATH + <token>/ (booking/urls.py serves it).
BOOKING_PATH = "/book/"
SLOT_BUTTONS = 6


def booking_url(invitation: BookingInvitation) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{BOOKING_PATH}{invitation.token}/"


def slot_label(slot: dt.datetime, zone) -> str:
    """ "Mon 15 December, 10:00" in the active language (a Russian month as in a date), in `zone`."""
    return formats.date_format(slot.astimezone(zone), "D j E, H:i")


def slot_buttons(invitation: BookingInvitation, slots: list[dt.datetime]) -> list[list[dict]]:
    """Two free times a row, then the booking page (inside Telegram and in the browser). Telegram takes
    only https links: over plain http (development) the text carries the link instead."""
    candidate = invitation.application.candidate
    zone = candidate_time_zone(candidate)
    with translation.override(language_or_default(candidate.language)):
        buttons = [
            {
                "text": slot_label(slot, zone),
                "data": f"{CALLBACK_PREFIX}:{invitation.pk}:{int(slot.timestamp())}",
            }
            for slot in slots[:SLOT_BUTTONS]
        ]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        url = booking_url(invitation)
        if url.startswith("https://"):
            rows.append([{"text": _("All free times"), "web_app": f"{url}?via=telegram"}])
            rows.append([{"text": _("Open in the browser"), "url": url}])
    return rows


def invitation_text(invitation: BookingInvitation, *, has_slots: bool) -> str:
    candidate = invitation.application.candidate
    zone = candidate_time_zone(candidate)
    with translation.override(language_or_default(candidate.language)):
        values = {
            "name": candidate.name,
            "vacancy": invitation.application.vacancy.name,
            "company": settings.COMPANY_NAME,
            "duration": invitation.duration_minutes,
            "format": invitation.get_format_display(),
            "zone": zone.key,
            "deadline": formats.date_format(invitation.deadline.astimezone(zone), "DATETIME_FORMAT"),
        }
        text = (
            _(
                "Hello %(name)s! Please choose a time for your interview for %(vacancy)s at %(company)s "
                "(%(format)s, %(duration)s min). Times are shown in %(zone)s. Please book by %(deadline)s."
            )
            % values
        )
        if not has_slots:
            text += "\n" + _("There are no free times right now: open the page later, or write to us here.")
        url = booking_url(invitation)
        if not url.startswith("https://"):
            text += "\n" + _("All free times: %(url)s") % {"url": url}
        return text
