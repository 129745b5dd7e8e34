"""Tests and their questions in the back-office, with JSON export and import."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tests_app import selectors, services
from tests_app.markdown import markdown_render
from tests_app.models import Choice, Question, Test

MAX_IMPORT_BYTES = 2 * 1024 * 1024


def question_preview(question: Question) -> str:
    """The question's Markdown rendered as on the test page (code in monospace, highlighted)."""
    if not question.text:
        return "—"
    return format_html('<div class="question-preview">{}</div>', markdown_render(question.text))


class QuestionPreviewMixin:
    """The question's text as the candidate sees it, on the test's inline and the question's page."""

    class Media:
        css = {"all": ["tests_app/code.css", "backoffice/question-preview.css"]}

    @admin.display(description=gettext_lazy("Preview (as the candidate sees it, after saving)"))
    def preview(self, question: Question) -> str:
        return question_preview(question)


class QuestionInline(QuestionPreviewMixin, admin.StackedInline):
    model = Question
    extra = 0
    fields = ["order", "kind", "text", "preview", "points", "scoring", "choices_summary"]
    readonly_fields = ["preview", "choices_summary"]
    show_change_link = True

    @admin.display(description=gettext_lazy("Choices (edit on the question's page)"))
    def choices_summary(self, question: Question) -> str:
        if question.pk is None:
            return _("Save first, then add the choices on the question's page.")
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
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("A JSON file exported from this or another installation."),
    )

    def clean_file(self) -> list:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is too large (2 MB at most)."))
        try:
            data = json.loads(upload.read().decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise forms.ValidationError(_("Not a JSON file: %(error)s") % {"error": error})
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

    @admin.display(description=gettext_lazy("Questions"))
    def question_count(self, test: Test) -> int:
        return test.questions.count()

    @admin.action(description=gettext_lazy("Export selected tests as JSON"))
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
                self.message_user(
                    request,
                    ngettext(
                        "Imported %(count)d test: %(titles)s.",
                        "Imported %(count)d tests: %(titles)s.",
                        len(tests),
                    )
                    % {"count": len(tests), "titles": titles},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:tests_app_test_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import tests from JSON"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/tests_app/test/import.html", context)


@admin.register(Question)
class QuestionAdmin(QuestionPreviewMixin, admin.ModelAdmin):
    list_display = ["text", "test", "kind", "points", "order"]
    list_filter = ["kind", "test"]
    search_fields = ["text"]
    inlines = [ChoiceInline]
    readonly_fields = ["preview"]
