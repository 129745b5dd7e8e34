from django.contrib import admin

from tests_app.models import Answer, Attempt, Choice, ProctorEvent, Question, Test


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["order", "kind", "text", "points", "scoring"]
    show_change_link = True


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["order", "text", "is_correct"]


@admin.register(Test)
class TestAdmin(admin.ModelAdmin):
    list_display = ["title", "duration_minutes", "pass_threshold", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["title", "description"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "test", "kind", "points", "order"]
    list_filter = ["kind", "test"]
    search_fields = ["text"]
    inlines = [ChoiceInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "text", "points_awarded", "reviewer_comment"]
    readonly_fields = ["question", "text", "points_awarded", "reviewer_comment"]
    can_delete = False


class ProctorEventInline(admin.TabularInline):
    model = ProctorEvent
    extra = 0
    fields = ["kind", "occurred_at", "duration_ms"]
    readonly_fields = fields
    can_delete = False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["candidate", "test", "status", "percentage", "passed", "expires_at", "updated_at"]
    list_filter = ["status", "test"]
    search_fields = ["candidate__fullname", "candidate__email"]
    list_select_related = ["candidate", "test"]
    readonly_fields = [
        "id",
        "candidate",
        "test",
        "token",
        "status",
        "expires_at",
        "started_at",
        "deadline",
        "submitted_at",
        "last_heartbeat_at",
        "score",
        "max_score",
        "percentage",
        "passed",
    ]
    exclude = ["question_order"]
    inlines = [AnswerInline, ProctorEventInline]

    def has_add_permission(self, request):
        return False  # invitations are created by the invite action or the API
