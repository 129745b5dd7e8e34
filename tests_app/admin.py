import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from tests_app import selectors, services
from tests_app.models import (
    Answer,
    Attempt,
    AttemptForReview,
    AttemptStatus,
    Choice,
    ProctorEvent,
    Question,
    QuestionKind,
    Test,
)

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["order", "kind", "text", "points", "scoring", "choices_summary"]
    readonly_fields = ["choices_summary"]
    show_change_link = True

    @admin.display(description="Choices (edit on the question's page)")
    def choices_summary(self, question: Question) -> str:
        if question.pk is None:
            return "Save first, then add the choices on the question's page."
        choices = list(question.choices.all())
        if not choices:
            return "—"
        rows = (("✔" if c.is_correct else "·", c.text) for c in choices)
        return format_html_join(mark_safe("<br>"), "{} {}", rows)


class ChoiceFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        services.question_choices_validate(
            kind=self.instance.kind,
            choice_count=len(kept),
            correct_count=sum(bool(f.cleaned_data.get("is_correct")) for f in kept),
        )


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 0
    fields = ["order", "text", "is_correct"]


class TestImportForm(forms.Form):
    file = forms.FileField(help_text="A JSON file exported from this or another installation.")

    def clean_file(self) -> list:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is too large (2 MB at most).")
        try:
            data = json.loads(upload.read().decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise forms.ValidationError(f"Not a JSON file: {error}")
        return data if isinstance(data, list) else [data]


@admin.register(Test)
class TestAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "duration_minutes",
        "pass_threshold",
        "is_active",
        "question_count",
        "updated_at",
    ]
    list_filter = ["is_active"]
    search_fields = ["title", "description"]
    inlines = [QuestionInline]
    actions = ["export_json"]
    change_list_template = "admin/tests_app/test/change_list.html"

    @admin.display(description="Questions")
    def question_count(self, test: Test) -> int:
        return test.questions.count()

    @admin.action(description="Export selected tests as JSON")
    def export_json(self, request: HttpRequest, queryset) -> HttpResponse:
        exported = [selectors.test_export(test=test) for test in queryset]
        body = exported[0] if len(exported) == 1 else exported
        response = HttpResponse(
            json.dumps(body, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
        name = "test" if len(exported) == 1 else "tests"
        response["Content-Disposition"] = f'attachment; filename="{name}-export.json"'
        return response

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="tests_app_test_import"),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TestImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                tests = [services.test_import(data=data) for data in form.cleaned_data["file"]]
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                titles = ", ".join(t.title for t in tests)
                self.message_user(request, f"Imported {len(tests)} test(s): {titles}.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:tests_app_test_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import tests from JSON",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/tests_app/test/import.html", context)


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

    def has_add_permission(self, request, obj=None):
        return False  # answers come from the candidate's page, through the attempt services


class ProctorEventInline(admin.TabularInline):
    model = ProctorEvent
    extra = 0
    fields = ["kind", "occurred_at", "duration_ms"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


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
        "test_url",
        "review",
    ]
    exclude = ["question_order"]
    inlines = [AnswerInline, ProctorEventInline]

    def has_add_permission(self, request):
        return False  # invitations are created by the invite action or the API

    @admin.display(description="Review")
    def review(self, attempt: Attempt) -> str:
        if attempt.status != AttemptStatus.NEEDS_REVIEW:
            return "—"
        url = reverse("admin:tests_app_attemptforreview_change", args=[attempt.pk])
        return format_html('<a href="{}">Review the open answers</a>', url)


class ReviewForm(forms.Form):
    points = forms.DecimalField(min_value=0, decimal_places=2)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))

    def __init__(self, *args, answer: Answer, **kwargs):
        super().__init__(*args, prefix=f"answer-{answer.pk}", **kwargs)
        self.answer = answer
        self.fields["points"].widget.attrs.update({"max": answer.question.points, "min": 0, "step": "0.01"})
        self.fields["points"].help_text = f"0 to {answer.question.points}"
        if not self.is_bound:
            self.initial = {"points": answer.points_awarded, "comment": answer.reviewer_comment}

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points > self.answer.question.points:
            raise forms.ValidationError(f"At most {self.answer.question.points} points.")
        return points


@admin.register(AttemptForReview)
class ReviewQueueAdmin(admin.ModelAdmin):
    """Attempts with open answers to grade; the change page is the review page."""

    list_display = ["candidate", "test", "submitted_at", "risk", "review_link"]
    list_filter = ["test"]
    search_fields = ["candidate__fullname", "candidate__email"]
    list_select_related = ["candidate", "test"]
    ordering = ["submitted_at"]
    list_display_links = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request).filter(status=AttemptStatus.NEEDS_REVIEW)
        return queryset.prefetch_related("proctor_events")

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": "Attempts waiting for review", **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    # The queue is a view of attempts: the attempt permissions govern it.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("tests_app.view_attempt") or self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("tests_app.change_attempt")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Proctoring risk")
    def risk(self, attempt: Attempt) -> str:
        return selectors.proctor_risk(list(attempt.proctor_events.all())).level

    @admin.display(description="")
    def review_link(self, attempt: Attempt) -> str:
        url = reverse("admin:tests_app_attemptforreview_change", args=[attempt.pk])
        return format_html('<a class="button" href="{}">Review</a>', url)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        attempt = get_object_or_404(Attempt.objects.select_related("candidate", "test"), pk=object_id)
        if not self.has_view_permission(request, attempt):
            raise PermissionDenied
        rows = selectors.attempt_review_answers(attempt=attempt)
        open_answers = [a for q, a in rows if q.kind == QuestionKind.OPEN_TEXT and a and a.text.strip()]
        can_review = attempt.status == AttemptStatus.NEEDS_REVIEW and self.has_change_permission(request)
        data = request.POST if request.method == "POST" else None
        if data is not None and not can_review:
            raise PermissionDenied
        forms_by_answer = {a.pk: ReviewForm(data, answer=a) for a in open_answers}
        if data is not None and all(f.is_valid() for f in forms_by_answer.values()):
            response = self._save_review(request, attempt, forms_by_answer)
            if response is not None:
                return response
        events = list(attempt.proctor_events.all())
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review: {attempt.test} / {attempt.candidate}",
            "opts": self.model._meta,
            "attempt": attempt,
            "rows": [(q, a, forms_by_answer.get(a.pk) if a else None) for q, a in rows],
            "events": [(e, _offset(attempt, e)) for e in events],
            "risk": selectors.proctor_risk(events),
            "can_review": can_review,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/tests_app/review.html", context)

    def _save_review(self, request, attempt: Attempt, forms_by_answer: dict) -> HttpResponse | None:
        finish = "_finish" in request.POST
        try:
            with transaction.atomic():
                for form in forms_by_answer.values():
                    services.answer_review(
                        answer=form.answer,
                        points=form.cleaned_data["points"],
                        comment=form.cleaned_data["comment"],
                        reviewer=request.user,
                    )
                if finish:
                    attempt = services.attempt_finish_review(attempt=attempt)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        if not finish:
            self.message_user(request, "Points saved.", messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            f"Review finished: {attempt.get_status_display()} ({attempt.percentage}%).",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:tests_app_attemptforreview_changelist"))


def _offset(attempt: Attempt, event: ProctorEvent) -> str:
    """Time since the start as m:ss, the reviewer's timeline axis."""
    if attempt.started_at is None:
        return ""
    seconds = max(0, int((event.occurred_at - attempt.started_at).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"
