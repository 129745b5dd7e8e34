"""A tap on a free time of a "choose a time" message (`bk:<invitation id>:<unix seconds>`, built by
interviews.booking_messages): book it; a time taken meanwhile gets the current free times instead."""

import datetime as dt

from django.utils.translation import gettext as _

from bot_dialog.common import channel_of
from bot_dialog.types import Button, Incoming, Reply
from interviews.booking_messages import booking_url, slot_buttons
from interviews.booking_selectors import invitation_free_slots
from interviews.booking_services import BookingRefused, booking_book
from interviews.messages import local_time
from interviews.models import BookingInvitation


def _fresh_times(invitation_id: int, reason: str) -> Reply:
    invitation = BookingInvitation.objects.select_related("application__candidate").get(pk=invitation_id)
    rows = slot_buttons(invitation, invitation_free_slots(invitation=invitation))
    buttons = tuple(
        tuple(Button(button["text"], button["data"]) for button in row)
        for row in rows
        if all("data" in button for button in row)
    )
    more = _("All free times: %(url)s") % {"url": booking_url(invitation)}
    return Reply(f"{reason}\n{more}", buttons=buttons)


def booking_button(incoming: Incoming, args: list[str]) -> list[Reply]:
    """`args` follow the prefix; a malformed button or another candidate's invitation: no replies here
    (the caller says the button is out of date)."""
    if len(args) != 2 or not all(arg.isdigit() for arg in args) or len(args[1]) > 12:
        return []
    invitation_id, slot = int(args[0]), dt.datetime.fromtimestamp(int(args[1]), tz=dt.UTC)
    try:
        owner = channel_of(incoming).interview_owner(incoming.user_id)
        interview = booking_book(invitation_id=invitation_id, starts_at=slot, **owner)
    except BookingRefused as error:
        if error.code == "not_theirs":
            return []
        if error.code == "taken":
            return [_fresh_times(invitation_id, " ".join(error.messages))]
        return [Reply(" ".join(error.messages))]
    time = local_time(interview, interview.application.candidate)
    return [Reply(_("Thank you! Your interview is booked for %(time)s.") % {"time": time})]
