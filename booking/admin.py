"""The vacancies' public booking links, on the back-office site (the HR manager group may edit them)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from booking.models import VacancyBookingLink


@admin.register(VacancyBookingLink)
class VacancyBookingLinkAdmin(admin.ModelAdmin):
    list_display = ["vacancy", "interviewer", "format", "duration_minutes", "is_active", "public_url"]
    list_select_related = ["vacancy", "interviewer"]
    fields = [
        "vacancy",
        "interviewer",
        "format",
        "location",
        "duration_minutes",
        "is_active",
        "token",
        "public_url",
    ]
    readonly_fields = ["token", "public_url"]

    @admin.display(description=gettext_lazy("public link"))
    def public_url(self, obj: VacancyBookingLink) -> str:
        return obj.url if obj.pk else ""
