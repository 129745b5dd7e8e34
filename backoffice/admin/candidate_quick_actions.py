"""The candidate page's header: stage and vacancy at a glance, and the quick actions (move an
application to a stage, invite to a test) posting to the same services as every other path."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from automation import selectors as automation_selectors
from automation import services as automation_services
from automation.models import RuleRun
from backoffice.admin.display import validation_message
from backoffice.admin.forms import InviteToTestForm
from candidates import selectors
from candidates.models import Application, Candidate, CandidateStatus
from tests_app import services as test_services
from tests_app.models import Test

CANDIDATE_PAGE_ACTOR = "candidate page"


class StageForm(forms.Form):
    application = forms.IntegerField(min_value=1)
    stage = forms.ChoiceField(choices=CandidateStatus.choices)  # not "status": the form below has one
    # Kept when the move is a rejection (the reports count them; the candidate's message may follow it).
    rejection_reason = forms.ModelChoiceField(
        queryset=automation_selectors.rejection_reasons(), required=False
    )


class QuickActionsMixin:
    """Mixed into CandidatePagesMixin; needs `_candidate_or_404`, `_back_to` and `message_user`."""

    def quick_actions_context(self, request: HttpRequest, candidate: Candidate) -> dict:
        user = request.user
        applications = list(selectors.applications_current_first(candidate.pk).select_related("vacancy"))
        can_change = self.has_change_permission(request, candidate)
        return {
            "current_application": applications[0] if applications else None,
            "header_applications": applications,
            "stages": CandidateStatus.choices,
            "can_move_stage": can_change and user.has_perm("candidates.change_application"),
            "can_invite": can_change,  # as the list's "Invite to a test…" action
            "invite_form": InviteToTestForm(auto_id="invite_%s"),
            "has_active_test": Test.objects.filter(is_active=True).exists(),
            "rejection_reasons": list(automation_selectors.rejection_reasons()),
            "pending_runs": automation_selectors.pending_runs_of_candidate(candidate_id=candidate.pk),
            "can_cancel_runs": user.has_perm("automation.change_rulerun"),
        }

    def quick_action_urls(self, view) -> list:
        return [
            path(
                "<path:object_id>/stage/",
                view(require_POST(self.stage_view)),
                name="candidates_candidate_stage",
            ),
            path(
                "<path:object_id>/invite/",
                view(require_POST(self.invite_view)),
                name="candidates_candidate_invite",
            ),
            path(
                "<path:object_id>/rule-run/cancel/",
                view(require_POST(self.rule_run_cancel_view)),
                name="candidates_candidate_rule_run_cancel",
            ),
        ]

    def stage_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id, change=True)
        if not request.user.has_perm("candidates.change_application"):
            raise PermissionDenied
        form = StageForm(request.POST)
        if not form.is_valid():
            self.message_user(request, _("Not moved: choose a stage."), messages.ERROR)
            return self._back_to(candidate, "", request)
        application = get_object_or_404(
            Application.objects.select_related("vacancy"),
            pk=form.cleaned_data["application"],
            candidate=candidate,
        )
        status, reason = form.cleaned_data["stage"], form.cleaned_data["rejection_reason"]
        automation_services.application_move_with_reason(
            application=application,
            status=status,
            rejection_reason=reason,
            actor=request.user,
            actor_label=CANDIDATE_PAGE_ACTOR,
        )
        label = CandidateStatus(status).label
        text = _("The application to “%(vacancy)s” is in “%(stage)s”.")
        self.message_user(
            request, text % {"vacancy": application.vacancy.name, "stage": label}, messages.SUCCESS
        )
        return self._back_to(candidate, "", request)

    def invite_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id, change=True)
        form = InviteToTestForm(request.POST, auto_id="invite_%s")
        if not form.is_valid():
            self.message_user(
                request, _("Not invited: %(errors)s") % {"errors": form.errors.as_text()}, messages.ERROR
            )
            return self._back_to(candidate, "", request)
        test, hours = form.cleaned_data["test"], form.cleaned_data["expires_in_hours"]
        try:
            test_services.attempt_invite(
                candidate=candidate, test=test, expires_in_hours=hours, actor=request.user
            )
        except ValidationError as error:
            self.message_user(
                request, _("Not invited: %(errors)s") % {"errors": validation_message(error)}, messages.ERROR
            )
            return self._back_to(candidate, "", request)
        text = _("Invited to “%(test)s” (%(hours)s h to start).") % {"test": test.title, "hours": hours}
        self.message_user(request, text, messages.SUCCESS)
        return self._back_to(candidate, "#attempts", request)

    def rule_run_cancel_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Stop a rule's pending act for one of the candidate's applications (as on the board)."""
        candidate = self._candidate_or_404(request, object_id)
        if not request.user.has_perm("automation.change_rulerun"):
            raise PermissionDenied
        run_id = request.POST.get("run", "")
        run = get_object_or_404(
            RuleRun.objects.select_related("rule"),
            pk=int(run_id) if run_id.isdigit() else 0,
            application__candidate=candidate,
        )
        if automation_services.rule_run_cancel(run=run, user=request.user):
            self.message_user(request, _("Cancelled: “%(name)s” will not act.") % {"name": run.rule.name})
        else:
            self.message_user(request, _("Too late: the rule has acted already."), messages.WARNING)
        return self._back_to(candidate, "", request)
