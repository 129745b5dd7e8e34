"""A vacancy's public booking link: anyone may pick a free time of the vacancy's interviewer; a new
person's details and consent create their application, and the time becomes their interview."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models import Vacancy
from core.models import TimeStampedModel
from interviews.models import InterviewFormat


def new_link_token() -> str:
    return secrets.token_urlsafe(12)


class VacancyBookingLink(TimeStampedModel):
    vacancy = models.OneToOneField(
        Vacancy, on_delete=models.CASCADE, related_name="booking_link", verbose_name=_("vacancy")
    )
    token = models.CharField(_("link token"), max_length=64, unique=True, default=new_link_token)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("interviewer")
    )
    format = models.CharField(_("format"), max_length=10, choices=InterviewFormat.choices)
    location = models.CharField(_("link, address or phone"), max_length=500)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["vacancy__name", "id"]
        verbose_name = _("public booking link")
        verbose_name_plural = _("public booking links")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(format__in=InterviewFormat.values), name="vacancy_link_format_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="vacancy_link_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.vacancy)

    @property
    def url(self) -> str:
        return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/book/vacancy/{self.token}/"
