from django.contrib import admin

from candidates import services
from candidates.models import AIAnalysis, Application, Candidate, Grade, Vacancy


class ApplicationInline(admin.TabularInline):
    model = Application
    extra = 0
    fields = ["vacancy", "applied_at", "screened_at"]
    readonly_fields = ["applied_at", "screened_at"]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["fullname", "email", "phone", "status", "ai_rating", "telegram_id", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["fullname", "email", "phone", "=telegram_id"]
    readonly_fields = ["id", "fullname", "ai_rating", "ai_comment", "cv_text", "created_at", "updated_at"]
    inlines = [ApplicationInline]

    def save_model(self, request, obj, form, change):
        # Status changes go through the service so the change is announced exactly once.
        new_status = obj.status
        if change and "status" in form.changed_data:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        if change:
            services.candidate_status_change(candidate=obj, status=new_status, actor=request.user)


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "source", "is_published", "updated_at"]
    list_filter = ["source", "is_published"]
    search_fields = ["name", "description", "requirements"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "vacancy", "applied_at", "screened_at"]
    list_filter = ["vacancy", "applied_at"]
    search_fields = ["candidate__fullname", "candidate__email", "vacancy__name"]
    list_select_related = ["candidate", "vacancy"]
    raw_id_fields = ["candidate"]


@admin.register(AIAnalysis)
class AIAnalysisAdmin(admin.ModelAdmin):
    list_display = ["candidate", "backend", "model", "rating", "duration_ms", "created_at"]
    list_filter = ["backend", "created_at"]
    search_fields = ["candidate__fullname", "comment"]
    list_select_related = ["candidate"]
    raw_id_fields = ["candidate", "application"]


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["candidate", "value", "shared_at", "shared_by", "created_at"]
    list_filter = ["shared_at"]
    search_fields = ["candidate__fullname", "comment"]
    list_select_related = ["candidate", "shared_by"]
    raw_id_fields = ["candidate"]
    readonly_fields = ["shared_at", "shared_by", "created_by"]
