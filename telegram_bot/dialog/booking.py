"""A tap on a free time of a "choose a time" message (`bk:<invitation id>:<unix seconds>`, built by
interviews.booking_messages): book it; a time taken meanwhile gets the current free times instead."""

import datetime as dt

from django.utils.translation import gettext as _

from interviews.booking_messages import booking_url, slot_buttons
from interviews.booking_selectors import invitation_free_slots
from interviews.booking_services import BookingRefused, booking_book
from interviews.messages import local_time
from interviews.models import BookingInvitation
from telegram_bot.dialog.types import Button, Incoming, Reply


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
    """`args` follow the prefix; a malformed button or another candidate's invitation gets no reply."""
    if len(args) != 2 or not all(arg.isdigit() for arg in args) or len(args[1]) > 12:
        return []
    invitation_id, slot = int(args[0]), dt.datetime.fromtimestamp(int(args[1]), tz=dt.UTC)
    try:
        interview = booking_book(
            invitation_id=invitation_id, starts_at=slot, telegram_user_id=incoming.user_id
        )
    except BookingRefused as error:
        if error.code == "not_theirs":
            return []
        if error.code == "taken":
            return [_fresh_times(invitation_id, " ".join(error.messages))]
        return [Reply(" ".join(error.messages))]
    time = local_time(interview, interview.application.candidate)
    return [Reply(_("Thank you! Your interview is booked for %(time)s.") % {"time": time})]
