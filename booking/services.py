"""Writes of the public booking link: a person books a time and so applies.

Through the same services as every way in: the candidate (one person, one candidate: a returning
person is recognised by phone or email, the joined record left as it was, as on the careers page),
the application with its history, and the booking (race-safe, see interviews.booking_services). All
in one transaction: a time taken meanwhile stores nothing and the form is shown again.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from booking.models import VacancyBookingLink
from candidates.models import ApplicationSource
from candidates.services import Person, application_create, candidate_register
from interviews.booking_services import booking_book, booking_invitation_send
from interviews.models import BookingInvitation

BOOKING_ACTOR = "public booking link"


def vacancy_booking_submit(
    *, link: VacancyBookingLink, person: Person, starts_at: dt.datetime
) -> BookingInvitation:
    """Register (or recognise) the person with their consent, apply, and book `starts_at`.
    Raises ValidationError (BookingRefused, ApplicationAlreadyExists...) with nothing stored."""
    with transaction.atomic():
        candidate = candidate_register(
            person=person,
            via=ApplicationSource.CAREERS,
            match_on=("phone", "email"),
            consent_at=timezone.now(),
            consent_policy_version=settings.DATA_POLICY_VERSION,
        ).candidate
        application = application_create(
            candidate=candidate,
            vacancy=link.vacancy,
            source=ApplicationSource.CAREERS,
            actor_label=BOOKING_ACTOR,
        )
        invitation = booking_invitation_send(
            application=application,
            interviewer=link.interviewer,
            format=link.format,
            location=link.location,
            duration_minutes=link.duration_minutes,
            notify=False,
        )
        booking_book(invitation_id=invitation.pk, starts_at=starts_at)
    return invitation
