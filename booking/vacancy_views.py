"""The vacancy's public booking page `/book/vacancy/<token>/`: the interviewer's free times and a
short form (name, e-mail, phone, consent). Booking applies to the vacancy; the person then lands on
their own booking page (`/book/<token>/`), where they can move or cancel as any candidate."""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from booking.forms import VacancyBookingForm
from booking.models import VacancyBookingLink
from booking.services import vacancy_booking_submit
from booking.views import days_of
from candidates.consent import policy_text
from candidates.services import Person
from core.ip_limit import IpLimit
from interviews.booking_selectors import free_slots, schedule_of

SUBMISSIONS = IpLimit(
    group="booking-vacancy",
    rate_setting="CAREERS_APPLY_RATE",
    when_down="Booking rate limit unavailable (cache error); the form stays open",
)


def _link(token: str) -> VacancyBookingLink | None:
    if len(token) > 64:
        return None
    return (
        VacancyBookingLink.objects.select_related("vacancy", "interviewer")
        .filter(token=token, is_active=True, vacancy__is_published=True)
        .first()
    )


def _page(
    request: HttpRequest,
    link: VacancyBookingLink,
    form: VacancyBookingForm,
    status: int = 200,
    notice: str = "",
):
    schedule = schedule_of(link.interviewer)
    zone = zoneinfo.ZoneInfo(schedule.time_zone if schedule else "UTC")
    slots = free_slots(
        interviewer=link.interviewer, duration_minutes=link.duration_minutes, now=timezone.now()
    )
    context = {
        "link": link,
        "vacancy": link.vacancy,
        "form": form,
        "days": days_of(slots, zone),
        "zone": zone.key,
        "chosen": str(form["slot"].value() or ""),
        "policy_text": policy_text(),
        "notice": notice,
    }
    return render(request, "booking/vacancy.html", context, status=status)


@require_http_methods(["GET", "POST"])
def vacancy_booking_page(request: HttpRequest, token: str) -> HttpResponse:
    link = _link(token)
    if link is None:
        return render(request, "booking/gone.html", status=404)
    if request.method == "GET":
        return _page(request, link, VacancyBookingForm())
    form = VacancyBookingForm(request.POST)
    retry_after = SUBMISSIONS.retry_after(request)
    if retry_after is not None:
        notice = _("Too many bookings from your network. Please try again in %(minutes)s minutes.")
        return _page(request, link, form, status=429, notice=notice % {"minutes": max(1, retry_after // 60)})
    if not form.is_valid():
        return _page(request, link, form, status=400)
    data = form.cleaned_data
    person = Person(
        name=data["name"],
        surname=data["surname"],
        email=data["email"],
        phone=data["phone"],
        language=get_language(),
    )
    try:
        invitation = vacancy_booking_submit(
            link=link, person=person, starts_at=dt.datetime.fromtimestamp(data["slot"], tz=dt.UTC)
        )
    except ValidationError as error:
        return _page(request, link, form, status=409, notice=" ".join(error.messages))
    SUBMISSIONS.count(request)
    return HttpResponseRedirect(f"/book/{invitation.token}/?done=booked")
