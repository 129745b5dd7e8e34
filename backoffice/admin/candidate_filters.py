"""Filters of the candidate list. Stage and rating are the applications' own (to the vacancy
chosen in the vacancy filter, when one is): a candidate's rating for one job no longer hides them
from the list of another."""

import datetime as dt

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import Application, ApplicationSource, CandidateStatus, Vacancy
from candidates.selectors import candidates_applied_to


class VacancyFilter(admin.SimpleListFilter):
    title = _("vacancy")
    parameter_name = "vacancy"

    def lookups(self, request, model_admin):
        return [(str(v.pk), v.name) for v in Vacancy.objects.only("id", "name")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return candidates_applied_to(queryset, vacancy_id=int(self.value()))
        return queryset


def applications_filtered(request, condition: Q) -> Exists:
    """EXISTS an application of the candidate meeting `condition` (to the filtered vacancy, if any)."""
    applications = Application.objects.filter(condition, candidate=OuterRef("pk"))
    vacancy = request.GET.get(VacancyFilter.parameter_name, "")
    if vacancy.isdigit():
        applications = applications.filter(vacancy_id=int(vacancy))
    return Exists(applications)


class StageFilter(admin.SimpleListFilter):
    title = _("stage of an application")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return CandidateStatus.choices

    def queryset(self, request, queryset):
        if self.value() in CandidateStatus.values:
            return queryset.filter(applications_filtered(request, Q(status=self.value())))
        return queryset


class AiRatingBandFilter(admin.SimpleListFilter):
    title = _("AI rating of an application")
    parameter_name = "ai_band"
    BANDS = {"high": (70, 100), "medium": (40, 69), "low": (0, 39)}

    def lookups(self, request, model_admin):
        return [
            ("high", _("High (70-100)")),
            ("medium", _("Medium (40-69)")),
            ("low", _("Low (0-39)")),
            ("none", _("Not rated")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.exclude(applications_filtered(request, Q(ai_rating__isnull=False)))
        if self.value() in self.BANDS:
            low, high = self.BANDS[self.value()]
            band = Q(ai_rating__gte=low, ai_rating__lte=high)
            return queryset.filter(applications_filtered(request, band))
        return queryset


class HasUnreadFilter(admin.SimpleListFilter):
    title = _("unread messages")
    parameter_name = "has_unread"

    def lookups(self, request, model_admin):
        return [("yes", _("Has unread messages")), ("no", _("All read"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(unread_count__gt=0)
        if self.value() == "no":
            return queryset.filter(unread_count=0)
        return queryset


class AppliedWithinFilter(admin.SimpleListFilter):
    title = _("applied in the last")
    parameter_name = "applied_within"

    def lookups(self, request, model_admin):
        return [("1", _("24 hours")), ("7", _("7 days")), ("30", _("30 days")), ("90", _("90 days"))]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            since = timezone.now() - dt.timedelta(days=int(self.value()))
            return queryset.filter(
                Exists(Application.objects.filter(candidate=OuterRef("pk"), applied_at__gte=since))
            )
        return queryset


class SourceFilter(admin.SimpleListFilter):
    title = _("source of an application")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return ApplicationSource.choices

    def queryset(self, request, queryset):
        if self.value() in ApplicationSource.values:
            return queryset.filter(applications_filtered(request, Q(source=self.value())))
        return queryset
