"""Two candidates tapping the same time at once on PostgreSQL: exactly one gets it."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from interviews.booking_services import BookingRefused, booking_book, booking_invitation_send
from interviews.models import BookingInvitation, Interview
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True)
FRIDAY_7 = dt.datetime(2026, 1, 16, 7, tzinfo=dt.UTC)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
def test_two_concurrent_bookings_of_one_time_one_wins(clock, settings, interviewer, schedule):
    settings.BOOKING_MIN_NOTICE_HOURS = 2
    invitations = [
        booking_invitation_send(
            application=ApplicationFactory(), interviewer=interviewer, format="video", location="x"
        )
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def book(invitation_id: int) -> None:
        try:
            barrier.wait(timeout=10)
            booking_book(invitation_id=invitation_id, starts_at=FRIDAY_7)
            outcomes.append("booked")
        except BookingRefused as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(invitation.pk,)) for invitation in invitations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["booked", "taken"]
    assert Interview.objects.filter(starts_at=FRIDAY_7).count() == 1
    assert BookingInvitation.objects.filter(status="booked").count() == 1
