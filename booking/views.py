"""The candidate's booking page `/book/<token>/`: the free times of an invitation in the candidate's
language and time zone; book one, or move or cancel the booked interview up to the deadline.
Opened from the bot's buttons: in the browser, or inside Telegram as a Mini App (`?via=telegram`).
The token (256 bits) is the key: no sign-in."""

import datetime as dt
from itertools import groupby

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import formats, timezone, translation
from django.views.decorators.http import require_http_methods

from core.languages import language_or_default
from interviews.booking_messages import slot_label
from interviews.booking_selectors import invitation_by_token, invitation_free_slots
from interviews.booking_services import BookingRefused, booking_book, booking_cancel, booking_reschedule
from interviews.models import BookingInvitation, BookingStatus, InterviewState
from messaging.quiet_hours import candidate_time_zone

ACTIONS = {"book": booking_book, "reschedule": booking_reschedule}
DONE = ("booked", "moved", "cancelled")


def _state(invitation: BookingInvitation, now: dt.datetime) -> str:
    interview = invitation.interview
    if (
        invitation.status == BookingStatus.BOOKED
        and interview
        and interview.state != InterviewState.CANCELLED
    ):
        return "booked"
    if invitation.status == BookingStatus.PENDING and invitation.deadline >= now:
        return "open"
    return "closed"


def days_of(slots: list[dt.datetime], zone) -> list[dict]:
    """Free times grouped by the candidate's local day."""
    local = [(slot, slot.astimezone(zone)) for slot in slots]
    return [
        {
            "label": formats.date_format(day, "l, j E"),
            "slots": [{"value": int(slot.timestamp()), "time": f"{at:%H:%M}"} for slot, at in group],
        }
        for day, group in (
            (day, list(items)) for day, items in groupby(local, key=lambda pair: pair[1].date())
        )
    ]


def _context(invitation: BookingInvitation, request: HttpRequest, error: str = "") -> dict:
    now = timezone.now()
    zone = candidate_time_zone(invitation.application.candidate)
    state = _state(invitation, now)
    interview = invitation.interview if state == "booked" else None
    change_until = (
        interview.starts_at - dt.timedelta(hours=settings.BOOKING_CHANGE_BEFORE_HOURS) if interview else None
    )
    can_change = bool(change_until and now < change_until)
    slots = invitation_free_slots(invitation=invitation, now=now) if state == "open" or can_change else []
    return {
        "invitation": invitation,
        "vacancy": invitation.application.vacancy,
        "state": state,
        "zone": zone.key,
        "days": days_of(slots, zone),
        "booked_label": slot_label(interview.starts_at, zone) if interview else "",
        "can_change": can_change,
        "change_until": formats.date_format(change_until.astimezone(zone), "DATETIME_FORMAT")
        if change_until
        else "",
        "deadline": formats.date_format(invitation.deadline.astimezone(zone), "DATETIME_FORMAT"),
        "error": error,
        "done": request.GET.get("done") if request.GET.get("done") in DONE else "",
        "telegram": request.GET.get("via") == "telegram",
        "company": settings.COMPANY_NAME,
    }


def _slot(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _act(request: HttpRequest, invitation: BookingInvitation) -> str:
    """Do the posted action; returns what was done (for the page after the redirect)."""
    action = request.POST.get("action", "")
    if action == "cancel":
        booking_cancel(invitation_id=invitation.pk)
        return "cancelled"
    slot = _slot(request.POST.get("slot", ""))
    if action not in ACTIONS or slot is None:
        raise BookingRefused(translation.gettext("Choose one of the free times."), code="invalid")
    ACTIONS[action](invitation_id=invitation.pk, starts_at=slot)
    return "booked" if action == "book" else "moved"


@require_http_methods(["GET", "POST"])
def booking_page(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_by_token(token)
    if invitation is None:
        return render(request, "booking/gone.html", status=404)
    with translation.override(language_or_default(invitation.application.candidate.language)):
        if request.method == "POST":
            try:
                done = _act(request, invitation)
            except BookingRefused as error:
                invitation = invitation_by_token(token)
                page = render(
                    request,
                    "booking/page.html",
                    _context(invitation, request, " ".join(error.messages)),
                    status=409,
                )
                return page
            via = "&via=telegram" if request.GET.get("via") == "telegram" else ""
            return HttpResponseRedirect(f"{request.path}?done={done}{via}")
        response = render(request, "booking/page.html", _context(invitation, request))
        response["Content-Language"] = translation.get_language()
        return response
