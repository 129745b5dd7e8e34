"""Booking in the admin: interviewers' schedules (working hours, time zone, CalDAV calendar), busy
times typed in by HR or read from the calendars, and the "choose a time" invitations sent."""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interviews.booking_messages import booking_url
from interviews.caldav_sync import calendar_busy_sync
from interviews.models import BookingInvitation, BusySource, BusyTime, InterviewerSchedule, WorkingHours
from interviews.secrets import secret_encrypt


class ScheduleForm(forms.ModelForm):
    new_password = forms.CharField(
        label=gettext_lazy("CalDAV password"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy(
            "Stored encrypted. Leave empty to keep the current one; an app password is best."
        ),
    )
    forget_password = forms.BooleanField(label=gettext_lazy("Forget the stored password"), required=False)

    class Meta:
        model = InterviewerSchedule
        fields = [
            "interviewer",
            "time_zone",
            "slot_step_minutes",
            "accepts_bookings",
            "caldav_url",
            "caldav_username",
        ]

    def save(self, commit: bool = True) -> InterviewerSchedule:
        schedule = super().save(commit=False)
        if self.cleaned_data.get("forget_password"):
            schedule.caldav_password = ""
        elif self.cleaned_data.get("new_password"):
            schedule.caldav_password = secret_encrypt(self.cleaned_data["new_password"])
        if commit:
            schedule.save()
        return schedule


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    fields = ["weekday", "starts", "ends"]
    extra = 1


@admin.register(InterviewerSchedule)
class InterviewerScheduleAdmin(admin.ModelAdmin):
    form = ScheduleForm
    inlines = [WorkingHoursInline]
    list_display = ["__str__", "time_zone", "accepts_bookings", "caldav_synced_at", "caldav_error"]
    list_select_related = ["interviewer"]
    readonly_fields = ["caldav_synced_at", "caldav_error"]
    fieldsets = [
        (None, {"fields": ["interviewer", "time_zone", "slot_step_minutes", "accepts_bookings"]}),
        (
            gettext_lazy("Calendar (CalDAV)"),
            {
                "fields": [
                    "caldav_url",
                    "caldav_username",
                    "new_password",
                    "forget_password",
                    "caldav_synced_at",
                    "caldav_error",
                ]
            },
        ),
    ]
    actions = ["read_calendars"]

    @admin.action(description=gettext_lazy("Read the selected calendars now"), permissions=["change"])
    def read_calendars(self, request: HttpRequest, queryset: QuerySet[InterviewerSchedule]) -> None:
        for schedule in queryset.exclude(caldav_url=""):
            count = calendar_busy_sync(schedule_id=schedule.pk)
            schedule.refresh_from_db(fields=["caldav_error"])
            if schedule.caldav_error:
                text = _("%(who)s: the calendar cannot be read: %(error)s")
                self.message_user(
                    request, text % {"who": schedule, "error": schedule.caldav_error}, messages.ERROR
                )
            else:
                text = _("%(who)s: %(count)s busy time(s) read.")
                self.message_user(request, text % {"who": schedule, "count": count}, messages.SUCCESS)


@admin.register(BusyTime)
class BusyTimeAdmin(admin.ModelAdmin):
    list_display = ["interviewer", "starts_at", "ends_at", "title", "source"]
    list_filter = ["source", "interviewer"]
    list_select_related = ["interviewer"]
    fields = ["interviewer", "starts_at", "ends_at", "title"]
    date_hierarchy = "starts_at"

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.source == BusySource.CALDAV:
            return False  # the calendar is the truth: the next read would undo an edit
        return super().has_change_permission(request, obj)


@admin.register(BookingInvitation)
class BookingInvitationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "candidate", "vacancy", "interviewer", "status", "slot_start", "deadline"]
    list_filter = ["status", "interviewer"]
    list_select_related = ["application__candidate", "application__vacancy", "interviewer"]
    search_fields = ["application__candidate__fullname", "application__vacancy__name"]
    fields = [
        "application",
        "interviewer",
        "format",
        "location",
        "duration_minutes",
        "deadline",
        "status",
        "slot_start",
        "interview",
        "link",
        "created_by",
    ]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("candidate"))
    def candidate(self, obj: BookingInvitation):
        return obj.application.candidate

    @admin.display(description=gettext_lazy("vacancy"))
    def vacancy(self, obj: BookingInvitation):
        return obj.application.vacancy

    @admin.display(description=gettext_lazy("booking page"))
    def link(self, obj: BookingInvitation) -> str:
        return booking_url(obj)

    def has_add_permission(self, request):
        return False  # sent from the candidate page, which tells the candidate
