"""Interviews in the admin: the list, moving (a new time notifies the candidate), cancelling, and
the scorecards of all interviewers side by side with the current user's own scorecard form."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backoffice.admin.display import validation_message
from interviews import selectors, services
from interviews.models import Interview, Recommendation, Scorecard

RATINGS = [(str(n), str(n)) for n in (1, 2, 3, 4)]


class ScorecardForm(forms.Form):
    recommendation = forms.ChoiceField(label=gettext_lazy("Recommendation"), choices=Recommendation.choices)
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    create_grade = forms.BooleanField(
        label=gettext_lazy("Also add a grade (mean rating as 0–100) to share with OneF"), required=False
    )

    def __init__(self, *args, criteria: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for index, criterion in enumerate(criteria):
            self.fields[f"c{index}"] = forms.ChoiceField(
                label=criterion, choices=RATINGS, widget=forms.RadioSelect
            )

    def ratings(self) -> dict[str, int]:
        return {criterion: int(self.cleaned_data[f"c{i}"]) for i, criterion in enumerate(self.criteria)}


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "candidate", "vacancy", "format", "state"]
    list_filter = ["state", "format", "starts_at"]
    list_select_related = ["application__candidate", "application__vacancy"]
    search_fields = ["application__candidate__fullname", "application__vacancy__name"]
    fields = [
        "application",
        "starts_at",
        "duration_minutes",
        "format",
        "location",
        "interviewers",
        "notes",
        "state",
    ]
    readonly_fields = ["application", "format", "state"]
    filter_horizontal = ["interviewers"]
    actions = ["cancel_interviews"]
    change_form_template = "admin/interviews/interview/change_form.html"

    @admin.display(description=gettext_lazy("candidate"))
    def candidate(self, obj: Interview):
        return obj.application.candidate

    @admin.display(description=gettext_lazy("vacancy"))
    def vacancy(self, obj: Interview):
        return obj.application.vacancy

    def has_add_permission(self, request):
        return False  # scheduled from the candidate page, which notifies the candidate

    def save_model(self, request, obj, form, change):
        moved = {"starts_at", "duration_minutes"} & set(form.changed_data)
        if moved:
            starts_at, duration = obj.starts_at, obj.duration_minutes
            obj.starts_at, obj.duration_minutes = form.initial["starts_at"], form.initial["duration_minutes"]
            super().save_model(request, obj, form, change)
            try:
                services.interview_move(interview=obj, starts_at=starts_at, duration_minutes=duration)
            except ValidationError as error:
                self.message_user(request, validation_message(error), messages.ERROR)
                return
            self.message_user(request, _("The candidate is told about the new time."), messages.SUCCESS)
            return
        super().save_model(request, obj, form, change)

    @admin.action(
        description=gettext_lazy("Cancel the selected interviews (the candidates are told)"),
        permissions=["change"],
    )
    def cancel_interviews(self, request: HttpRequest, queryset: QuerySet[Interview]) -> None:
        done = sum(services.interview_cancel(interview=interview) for interview in queryset)
        self.message_user(request, _("%(count)s interview(s) cancelled.") % {"count": done}, messages.SUCCESS)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        interview = self.get_object(request, object_id)
        if interview is not None:
            mine = Scorecard.objects.filter(interview=interview, interviewer=request.user).first()
            initial = {"recommendation": mine.recommendation, "comment": mine.comment} if mine else {}
            criteria = interview.application.vacancy.criteria
            if mine:
                initial.update({f"c{i}": str(mine.ratings.get(c, "")) for i, c in enumerate(criteria)})
            extra_context = {
                **(extra_context or {}),
                "scorecards": selectors.scorecards_side_by_side(interview=interview),
                "scorecard_form": ScorecardForm(initial=initial, criteria=criteria),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/scorecard/",
                view(require_POST(self.scorecard_view)),
                name="interviews_interview_scorecard",
            ),
            *super().get_urls(),
        ]

    def scorecard_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        interview = get_object_or_404(Interview.objects.select_related("application__vacancy"), pk=object_id)
        if not self.has_view_or_change_permission(request, interview):
            raise PermissionDenied
        back = HttpResponseRedirect(
            reverse("admin:interviews_interview_change", args=[interview.pk]) + "#scorecards"
        )
        form = ScorecardForm(request.POST, criteria=interview.application.vacancy.criteria)
        if not form.is_valid():
            self.message_user(request, _("Rate every criterion and choose a recommendation."), messages.ERROR)
            return back
        try:
            services.scorecard_submit(
                interview=interview,
                interviewer=request.user,
                ratings=form.ratings(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
                create_grade=form.cleaned_data["create_grade"]
                and request.user.has_perm("candidates.add_grade"),
            )
        except ValidationError as error:
            self.message_user(request, validation_message(error), messages.ERROR)
            return back
        self.message_user(request, _("Scorecard saved."), messages.SUCCESS)
        return back
