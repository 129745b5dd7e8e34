"""Applications, AI analyses and grades."""

import json

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backoffice.admin.forms import ApplicationAddForm
from candidates import services
from candidates.models import AIAnalysis, Application, ApplicationSource, Grade


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "vacancy", "owner", "applied_at", "screened_at"]
    list_filter = ["vacancy", "applied_at"]
    search_fields = ["candidate__fullname", "candidate__email", "vacancy__name"]
    list_select_related = ["candidate", "vacancy"]
    raw_id_fields = ["candidate"]
    readonly_fields = ["candidate", "vacancy", "applied_at", "screened_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApplicationAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return ["candidate", "vacancy"] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing about an application is edited by hand
        created = services.application_create(
            candidate=obj.candidate,
            vacancy=obj.vacancy,
            source=ApplicationSource.BACKOFFICE,
            actor=request.user,
        )
        obj.pk, obj._state, obj.applied_at = created.pk, created._state, created.applied_at


@admin.register(AIAnalysis)
class AIAnalysisAdmin(admin.ModelAdmin):
    list_display = ["candidate", "backend", "model", "rating", "duration_ms", "created_at"]
    list_filter = ["backend", "created_at"]
    search_fields = ["candidate__fullname", "comment"]
    list_select_related = ["candidate"]
    raw_id_fields = ["candidate", "application"]
    readonly_fields = ["breakdown_table"]

    @admin.display(description=_("breakdown"))
    def breakdown_table(self, obj: AIAnalysis) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.breakdown, indent=2, ensure_ascii=False))


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["candidate", "value", "shared_at", "shared_by", "created_by", "created_at"]
    list_filter = ["shared_at"]
    search_fields = ["candidate__fullname", "comment"]
    list_select_related = ["candidate", "shared_by", "created_by"]
    raw_id_fields = ["candidate"]
    readonly_fields = ["shared_at", "shared_by", "created_by"]
    actions = ["share_with_onef"]

    def save_model(self, request, obj, form, change):
        if change:
            services.grade_update(grade=obj, value=obj.value, comment=obj.comment, edited_by=request.user)
            return
        created = services.grade_create(
            candidate=obj.candidate, value=obj.value, comment=obj.comment, created_by=request.user
        )
        obj.pk, obj._state, obj.created_by = created.pk, created._state, created.created_by

    @admin.action(description=_("Share with OneF"), permissions=["change"])
    def share_with_onef(self, request, queryset):
        for grade in queryset.select_related("candidate"):
            services.grade_share(grade=grade, shared_by=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d grade shared with OneF.", "%(count)d grades shared with OneF.", count)
            % {"count": count},
            messages.SUCCESS,
        )
