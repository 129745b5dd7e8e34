"""Bulk actions of the candidate list."""

import csv

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from automation import selectors as automation_selectors
from automation import services as automation_services
from automation.models import RejectionReason
from backoffice import gdpr
from backoffice.admin.display import csv_safe, validation_message
from backoffice.admin.forms import InviteToTestForm
from candidates import selectors, services
from candidates.models import Candidate, CandidateStatus
from tests_app import services as test_services
from tests_app.models import Test

# Moves that close applications ask first (an intermediate page, like Django's delete confirmation).
CONFIRMED_STATUSES = frozenset({CandidateStatus.ACCEPTED, CandidateStatus.REJECTED})
BULK_ACTOR = "bulk action"  # the path, in the history, beside the user


def _status_confirmation(modeladmin, request, queryset, status: str, label: str) -> TemplateResponse:
    return TemplateResponse(
        request,
        "admin/candidates/candidate/set_status_confirmation.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Move to “%(stage)s”?") % {"stage": label},
            "opts": modeladmin.model._meta,
            "candidates": list(queryset),
            "stage": label,
            "action": f"set_status_{status}",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "rejection_reasons": list(automation_selectors.rejection_reasons())
            if status == CandidateStatus.REJECTED
            else [],
        },
    )


def _posted_reason(request: HttpRequest, status: str) -> RejectionReason | None:
    value = request.POST.get("rejection_reason", "")
    if status != CandidateStatus.REJECTED or not value.isdigit():
        return None
    return automation_selectors.rejection_reasons().filter(pk=int(value)).first()


def _set_status_action(status: str, label: str):
    def action(
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Candidate]
    ) -> HttpResponse | None:
        if status in CONFIRMED_STATUSES and "confirm" not in request.POST:
            return _status_confirmation(modeladmin, request, queryset, status, label)
        changed, reason = 0, _posted_reason(request, status)
        for candidate in queryset:
            application = selectors.candidate_current_application(candidate=candidate)
            if services.candidate_status_change(
                candidate=candidate, status=status, actor=request.user, actor_label=BULK_ACTOR
            ):
                changed += 1
                if reason is not None and application is not None:
                    automation_services.rejection_record(
                        application=application, reason=reason, user=request.user
                    )
        unchanged = len(queryset) - changed
        text = ngettext(
            "%(count)d candidate moved to “%(status)s”.",
            "%(count)d candidates moved to “%(status)s”.",
            changed,
        ) % {"count": changed, "status": label}
        if unchanged:
            text += " " + ngettext(
                "%(count)d already had that status.", "%(count)d already had that status.", unchanged
            ) % {"count": unchanged}
        modeladmin.message_user(request, text, messages.SUCCESS)
        return None

    action.__name__ = f"set_status_{status}"
    return admin.action(
        description=format_lazy(gettext_lazy("Set status: {label}"), label=label), permissions=["change"]
    )(action)


def _invited_message(count: int, title: str, hours: int) -> str:
    return ngettext(
        "%(count)d candidate invited to “%(test)s” (%(hours)d h to start).",
        "%(count)d candidates invited to “%(test)s” (%(hours)d h to start).",
        count,
    ) % {"count": count, "test": title, "hours": hours}


def set_status_actions() -> list:
    return [_set_status_action(status, label) for status, label in CandidateStatus.choices]


class CandidateActionsMixin:
    """Mixed into CandidateAdmin (a ModelAdmin)."""

    @admin.action(description=gettext_lazy("Invite to a test…"), permissions=["change"])
    def invite_to_test(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> HttpResponse | None:
        form = InviteToTestForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            test, hours = form.cleaned_data["test"], form.cleaned_data["expires_in_hours"]
            invited, failures = 0, []
            for candidate in queryset:
                try:
                    test_services.attempt_invite(
                        candidate=candidate,
                        test=test,
                        expires_in_hours=hours,
                        extra_minutes=form.cleaned_data["extra_minutes"] or 0,
                        actor=request.user,
                        actor_label=BULK_ACTOR,
                    )
                except ValidationError as error:
                    failures.append(f"{candidate}: {validation_message(error)}")
                    continue
                invited += 1
            self.message_user(request, _invited_message(invited, test.title, hours), messages.SUCCESS)
            for failure in failures:
                self.message_user(request, _("Not invited: %(reason)s") % {"reason": failure}, messages.ERROR)
            return None
        if not Test.objects.filter(is_active=True).exists():
            self.message_user(
                request,
                _("There is no active test to invite to: create or activate one first."),
                messages.ERROR,
            )
            return None
        return TemplateResponse(
            request,
            "admin/candidates/candidate/invite_to_test.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Invite to a test"),
                "opts": self.model._meta,
                "form": form,
                "candidates": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def has_share_grade_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("candidates.change_grade")

    @admin.action(description=gettext_lazy("Share the latest grade with OneF"), permissions=["share_grade"])
    def share_latest_grade(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> None:
        shared, without = 0, []
        for candidate in queryset:
            grade = candidate.grades.order_by("-created_at", "-id").first()
            if grade is None:
                without.append(str(candidate))
                continue
            services.grade_share(grade=grade, shared_by=request.user)
            shared += 1
        self.message_user(
            request,
            ngettext("%(count)d grade shared with OneF.", "%(count)d grades shared with OneF.", shared)
            % {"count": shared},
            messages.SUCCESS,
        )
        if without:
            self.message_user(
                request,
                _("No grade to share yet: %(names)s.") % {"names": ", ".join(without)},
                messages.WARNING,
            )

    @admin.action(description=gettext_lazy("Export the selection as CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="candidates-{timezone.now():%Y%m%d-%H%M}.csv"'
        )
        writer = csv.writer(response)
        columns = ["id", "name", "surname", "email", "phone", "telegram_id", "status", "ai_rating"]
        writer.writerow([*columns, "vacancy", "unread_messages", "created_at"])
        for candidate in queryset.order_by("-created_at"):
            writer.writerow(
                [csv_safe(getattr(candidate, column)) for column in columns]
                + [
                    csv_safe(candidate.latest_vacancy),
                    candidate.unread_count,
                    candidate.created_at.isoformat(),
                ]
            )
        return response

    @admin.action(description=gettext_lazy("Anonymise (erase personal data)…"), permissions=["change"])
    def anonymize(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> HttpResponse | None:
        if "confirm" in request.POST:
            self._anonymize(list(queryset), request)
            return None
        return self._anonymize_confirmation(request, list(queryset))

    def _anonymize(self, candidates: list[Candidate], request: HttpRequest) -> None:
        done = sum(gdpr.candidate_erase(candidate=c, actor=request.user) for c in candidates)
        self.message_user(
            request,
            ngettext("%(count)d candidate anonymised.", "%(count)d candidates anonymised.", done)
            % {"count": done},
            messages.SUCCESS,
        )
        if done < len(candidates):
            rest = len(candidates) - done
            self.message_user(
                request,
                ngettext("%(count)d already was.", "%(count)d already were.", rest) % {"count": rest},
                messages.INFO,
            )

    def _anonymize_confirmation(self, request: HttpRequest, candidates: list[Candidate]) -> TemplateResponse:
        return TemplateResponse(
            request,
            "admin/candidates/candidate/anonymize_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Anonymise candidates"),
                "opts": self.model._meta,
                "candidates": candidates,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "from_action": "action" in request.POST,
            },
        )
