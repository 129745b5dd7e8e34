"""Automation in the back-office: the rules of each vacancy (pausable, loops refused on save), their
runs (cancellable while pending), the vacancy plans (target date, SLA) and the rejection reasons."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from automation import services
from automation.models import (
    PENDING_RUN_STATES,
    AutomationRule,
    RejectionReason,
    RejectionRecord,
    RuleRun,
    VacancyPlan,
)
from backoffice.admin.list_editing import LabelledListEditing


class AutomationRuleForm(forms.ModelForm):
    class Meta:
        model = AutomationRule
        exclude: list[str] = []

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        try:
            services.rule_validate(rule=self.instance)
        except ValidationError as error:
            self.add_error(None, error)


@admin.register(AutomationRule)
class AutomationRuleAdmin(admin.ModelAdmin):
    form = AutomationRuleForm
    list_display = ["name", "vacancy", "trigger_stage", "action", "delay_minutes", "is_active"]
    list_filter = ["is_active", "action", "trigger_stage", "vacancy"]
    search_fields = ["name", "vacancy__name"]
    list_select_related = ["vacancy"]
    actions = ["pause", "resume"]
    fieldsets = [
        (None, {"fields": ["vacancy", "name", "trigger_stage", "action", "is_active", "delay_minutes"]}),
        (_("Send a message template"), {"fields": ["template_name"]}),
        (_("Invite to a test / decide on its result"), {"fields": ["test", "pass_stage", "reject_below"]}),
        (
            _("Owner, or the interviewer of a booking"),
            {"fields": ["owner", "interview_format", "interview_location", "interview_minutes"]},
        ),
    ]

    def _set_active(self, request: HttpRequest, queryset: QuerySet[AutomationRule], active: bool) -> int:
        return sum(services.rule_set_active(rule=rule, active=active) for rule in queryset)

    @admin.action(description=_("Pause the selected rules"), permissions=["change"])
    def pause(self, request: HttpRequest, queryset: QuerySet[AutomationRule]) -> None:
        count = self._set_active(request, queryset, False)
        self.message_user(
            request,
            ngettext("%(n)d rule paused.", "%(n)d rules paused.", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Resume the selected rules"), permissions=["change"])
    def resume(self, request: HttpRequest, queryset: QuerySet[AutomationRule]) -> None:
        count = self._set_active(request, queryset, True)
        self.message_user(
            request,
            ngettext("%(n)d rule resumed.", "%(n)d rules resumed.", count) % {"n": count},
            messages.SUCCESS,
        )


@admin.register(RuleRun)
class RuleRunAdmin(admin.ModelAdmin):
    list_display = ["rule", "application", "state", "due_at", "done_at", "outcome"]
    list_filter = ["state", "rule__vacancy"]
    list_select_related = ["rule", "application__candidate", "application__vacancy"]
    search_fields = ["rule__name", "application__candidate__fullname"]
    readonly_fields = [f.name for f in RuleRun._meta.fields]
    actions = ["cancel"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.action(description=_("Cancel the selected pending runs"), permissions=["change"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[RuleRun]) -> None:
        count = sum(
            services.rule_run_cancel(run=run, user=request.user)
            for run in queryset.filter(state__in=PENDING_RUN_STATES)
        )
        self.message_user(
            request,
            ngettext("%(n)d run cancelled.", "%(n)d runs cancelled.", count) % {"n": count},
            messages.SUCCESS,
        )


@admin.register(VacancyPlan)
class VacancyPlanAdmin(admin.ModelAdmin):
    list_display = ["vacancy", "target_date", "sla_days"]
    list_select_related = ["vacancy"]
    search_fields = ["vacancy__name"]


@admin.register(RejectionReason)
class RejectionReasonAdmin(LabelledListEditing, admin.ModelAdmin):
    list_display = ["code", "name_en", "name_ru", "template_name", "is_active", "position"]
    list_editable = ["is_active", "position"]
    search_fields = ["code", "name_en", "name_ru"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the reports keep the rejections that used it: deactivate instead


@admin.register(RejectionRecord)
class RejectionRecordAdmin(admin.ModelAdmin):
    list_display = ["application", "reason", "created_by", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["application__candidate", "application__vacancy", "reason", "created_by"]
    readonly_fields = ["application", "reason", "stage_entry", "created_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
