"""Attempts and the review queue: HR grades open answers and reads the proctoring timeline."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tests_app import selectors, services
from tests_app.models import (
    TEXT_QUESTION_KINDS,
    Answer,
    Attempt,
    AttemptForReview,
    AttemptStatus,
    ProctorEvent,
)


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
        "telegram_user_id",
        "review",
    ]
    exclude = ["question_order"]
    inlines = [AnswerInline, ProctorEventInline]

    def has_add_permission(self, request):
        return False  # invitations are created by the invite action or the API

    @admin.display(description=gettext_lazy("test link"))
    def test_url(self, attempt: Attempt) -> str:
        return attempt.test_url

    @admin.display(description=gettext_lazy("Review"))
    def review(self, attempt: Attempt) -> str:
        if attempt.status != AttemptStatus.NEEDS_REVIEW:
            return "—"
        url = reverse("admin:tests_app_attemptforreview_change", args=[attempt.pk])
        return format_html('<a href="{}">{}</a>', url, _("Review the open answers"))


class ReviewForm(forms.Form):
    points = forms.DecimalField(min_value=0, decimal_places=2, label=gettext_lazy("Points"))
    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), label=gettext_lazy("Comment")
    )

    def __init__(self, *args, answer: Answer, **kwargs):
        super().__init__(*args, prefix=f"answer-{answer.pk}", **kwargs)
        self.answer = answer
        self.fields["points"].widget.attrs.update({"max": answer.question.points, "min": 0, "step": "0.01"})
        self.fields["points"].help_text = _("0 to %(max)s") % {"max": answer.question.points}
        if not self.is_bound:
            self.initial = {"points": answer.points_awarded, "comment": answer.reviewer_comment}

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points > self.answer.question.points:
            raise forms.ValidationError(_("At most %(max)s points.") % {"max": self.answer.question.points})
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
        extra_context = {"title": _("Attempts waiting for review"), **(extra_context or {})}
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

    @admin.display(description=gettext_lazy("Proctoring risk"))
    def risk(self, attempt: Attempt) -> str:
        return selectors.proctor_risk(list(attempt.proctor_events.all())).label

    @admin.display(description="")
    def review_link(self, attempt: Attempt) -> str:
        url = reverse("admin:tests_app_attemptforreview_change", args=[attempt.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Review"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        attempt = get_object_or_404(Attempt.objects.select_related("candidate", "test"), pk=object_id)
        if not self.has_view_permission(request, attempt):
            raise PermissionDenied
        rows = selectors.attempt_review_answers(attempt=attempt)
        open_answers = [a for q, a in rows if q.kind in TEXT_QUESTION_KINDS and a and a.text.strip()]
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
            "title": _("Review: %(test)s / %(candidate)s")
            % {"test": attempt.test, "candidate": attempt.candidate},
            "opts": self.model._meta,
            "attempt": attempt,
            "rows": [(q, a, forms_by_answer.get(a.pk) if a else None) for q, a in rows],
            "events": [(e, _since_start(attempt, e.occurred_at)) for e in events],
            "risk": selectors.proctor_risk(events),
            "closing": _closing_row(attempt),
            "can_review": can_review,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/tests_app/review.html", context)

    def _save_review(self, request, attempt: Attempt, forms_by_answer: dict) -> HttpResponse | None:
        finish = "_finish" in request.POST
        reviews = [
            (form.answer, form.cleaned_data["points"], form.cleaned_data["comment"])
            for form in forms_by_answer.values()
        ]
        try:
            attempt = services.attempt_review_save(
                attempt=attempt, reviews=reviews, reviewer=request.user, finish=finish
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        if not finish:
            self.message_user(request, _("Points saved."), messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        self.message_user(
            request,
            _("Review finished: %(status)s (%(percentage)s%%).")
            % {"status": attempt.get_status_display(), "percentage": attempt.percentage},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:tests_app_attemptforreview_changelist"))


def _since_start(attempt: Attempt, moment) -> str:
    """Time since the start as m:ss, the reviewer's timeline axis."""
    if attempt.started_at is None or moment is None:
        return ""
    seconds = max(0, int((moment - attempt.started_at).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _closing_row(attempt: Attempt) -> dict | None:
    """The end of an attempt closed without a submit, as the last row of the timeline."""
    if attempt.status == AttemptStatus.ESCAPED:
        return {
            "offset": _since_start(attempt, attempt.last_heartbeat_at),
            "title": "Escaped",
            "details": (
                "Last sign of life from the page (heartbeat, answer or event) at this point; closed "
                f"after more than {settings.TEST_ESCAPE_AFTER_SECONDS} s of silence before the deadline."
            ),
        }
    if attempt.status == AttemptStatus.TIMEOUT:
        return {
            "offset": _since_start(attempt, attempt.deadline),
            "title": "Time ran out",
            "details": "The deadline passed before the test was submitted; the saved answers were graded.",
        }
    return None
