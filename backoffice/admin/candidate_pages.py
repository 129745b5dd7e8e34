"""The candidate page: chat, grades, tests, AI analyses, history, and the views behind its buttons."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backoffice import gdpr
from backoffice.admin.analysis_display import analysis_requirements
from backoffice.admin.candidate_card import CandidateCardMixin
from backoffice.admin.candidate_messaging import reply_prefill, template_names
from backoffice.admin.candidate_quick_actions import QuickActionsMixin
from backoffice.admin.display import validation_message
from backoffice.admin.forms import GradeForm, ReplyForm
from backoffice.admin.history_display import history_rows
from backoffice.admin.screening import screening_admin_urls
from backoffice.card import card_url
from candidates import selectors, services
from candidates.models import Candidate, Grade, HistoryKind
from candidates.screening.comment import analysis_comment
from job_boards import selectors as hh_selectors
from messaging import selectors as messaging_selectors
from messaging import services as messaging_services
from messaging import transports


class CandidatePagesMixin(CandidateCardMixin, QuickActionsMixin):
    """Mixed into CandidateAdmin (a ModelAdmin): the page's panels and its POST endpoints."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        candidate = self.get_object(request, object_id)
        if candidate is not None and self.has_view_or_change_permission(request, candidate):
            if request.method == "GET":
                messaging_services.messages_mark_read(candidate=candidate)
            extra_context = {**(extra_context or {}), **self.candidate_panels(request, candidate)}
        return super().change_view(request, object_id, form_url, extra_context)

    def candidate_panels(self, request: HttpRequest, candidate: Candidate) -> dict:
        user = request.user
        history = selectors.candidate_history(candidate=candidate)
        analyses = list(candidate.ai_analyses.select_related("application__vacancy"))
        for analysis in analyses:
            analysis.requirements = analysis_requirements(analysis.breakdown)
        edited_after_sharing = {
            entry.details.get("grade_id")
            for entry in history
            if entry.kind == HistoryKind.GRADE_EDITED_AFTER_SHARING
        }
        channel_rows = list(candidate.channels.all())
        return {
            **self.quick_actions_context(request, candidate),
            "edited_after_sharing": edited_after_sharing,
            "thread": list(
                # hh_chat_message: the messages that came from hh.ru's chat are marked so
                messaging_selectors.conversation(candidate=candidate).select_related(
                    "sent_by", "hh_chat_message"
                )
            ),
            "reply_form": ReplyForm(initial={"text": reply_prefill(request, candidate)}),
            "reply_templates": template_names(),
            "reply_template": request.GET.get("template", ""),
            "scheduled": list(messaging_selectors.scheduled_pending(candidate=candidate)),
            "can_reply": user.has_perm("messaging.add_message")
            and self.has_change_permission(request, candidate),
            "telegram_configured": bool(settings.TELEGRAM_BOT_TOKEN),
            "candidate_channels": channel_rows,
            "reply_channels": messaging_selectors.channels_usable(
                candidate=candidate, kinds=transports.transport_kinds(), rows=channel_rows
            ),
            "grades": list(candidate.grades.select_related("created_by", "shared_by")),
            "grade_form": GradeForm(),
            "can_add_grade": user.has_perm("candidates.add_grade"),
            "can_share_grade": user.has_perm("candidates.change_grade"),
            "attempts": list(candidate.attempts.select_related("test")),
            "can_view_attempts": user.has_perm("tests_app.view_attempt"),
            "analyses": [(analysis, analysis_comment(analysis)) for analysis in analyses],
            "history": history_rows(history),
            "can_change": self.has_change_permission(request, candidate),
            "hh_responses": hh_selectors.hh_responses_of(candidate=candidate),
        }

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            *screening_admin_urls(view),  # before the object URLs, which would swallow them
            *self.quick_action_urls(view),
            *self.card_urls(view),
            path(
                "<path:object_id>/reply/",
                view(require_POST(self.reply_view)),
                name="candidates_candidate_reply",
            ),
            path(
                "<path:object_id>/grades/add/",
                view(require_POST(self.grade_add_view)),
                name="candidates_candidate_grade_add",
            ),
            path(
                "<path:object_id>/grades/<int:grade_id>/share/",
                view(require_POST(self.grade_share_view)),
                name="candidates_candidate_grade_share",
            ),
            path("<path:object_id>/cv/", view(self.cv_view), name="candidates_candidate_cv"),
            path("<path:object_id>/export/", view(self.export_view), name="candidates_candidate_export"),
            path(
                "<path:object_id>/anonymize/",
                view(self.anonymize_view),
                name="candidates_candidate_anonymize",
            ),
            *super().get_urls(),
        ]

    def _candidate_or_404(self, request: HttpRequest, object_id: str, *, change: bool = False) -> Candidate:
        candidate = self.get_object(request, object_id)
        if candidate is None:
            raise Http404(_("No such candidate."))
        allowed = (
            self.has_change_permission(request, candidate)
            if change
            else self.has_view_or_change_permission(request, candidate)
        )
        if not allowed:
            raise PermissionDenied
        return candidate

    def _back_to(
        self, candidate: Candidate, anchor: str, request: HttpRequest | None = None
    ) -> HttpResponseRedirect:
        """Back to the page the form was on: the card (it posts `back=card`) or the edit form."""
        if request is not None and request.POST.get("back") == "card":
            kept = QueryDict(request.POST.get("card_query", "")).urlencode()  # re-encoded: no "#", no newline
            return HttpResponseRedirect(card_url(candidate.pk) + (f"?{kept}" if kept else "") + anchor)
        return HttpResponseRedirect(
            reverse("admin:candidates_candidate_change", args=[candidate.pk]) + anchor
        )

    def reply_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id, change=True)
        if not request.user.has_perm("messaging.add_message"):
            raise PermissionDenied
        form = ReplyForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request,
                _("The message was not sent: %(errors)s") % {"errors": form.errors.as_text()},
                messages.ERROR,
            )
            return self._back_to(candidate, "#chat", request)
        try:
            message = messaging_services.message_send(
                candidate=candidate,
                text=form.cleaned_data["text"],
                sent_by=request.user,
                channel=form.cleaned_data["channel"] or None,
            )
        except ValidationError as error:
            self.message_user(
                request,
                _("The message was not sent: %(errors)s") % {"errors": validation_message(error)},
                messages.ERROR,
            )
            return self._back_to(candidate, "#chat", request)
        channel = {"channel": message.get_channel_display()}
        if transports.transport_for(message.channel).configured():
            self.message_user(
                request, _("Message queued for delivery through %(channel)s.") % channel, messages.SUCCESS
            )
        else:
            self.message_user(
                request,
                _("Message saved, but %(channel)s is not configured: it stays queued until it is.") % channel,
                messages.WARNING,
            )
        return self._back_to(candidate, "#chat", request)

    def grade_add_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id)
        if not request.user.has_perm("candidates.add_grade"):
            raise PermissionDenied
        form = GradeForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request,
                _("The grade was not added: %(errors)s") % {"errors": form.errors.as_text()},
                messages.ERROR,
            )
            return self._back_to(candidate, "#grades", request)
        grade = services.grade_create(
            candidate=candidate,
            value=form.cleaned_data["value"],
            comment=form.cleaned_data["comment"],
            created_by=request.user,
        )
        self.message_user(
            request,
            _("Grade %(value)s added. Share it with OneF when ready.") % {"value": grade.value},
            messages.SUCCESS,
        )
        return self._back_to(candidate, "#grades", request)

    def grade_share_view(self, request: HttpRequest, object_id: str, grade_id: int) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id)
        if not request.user.has_perm("candidates.change_grade"):
            raise PermissionDenied
        grade = get_object_or_404(Grade, pk=grade_id, candidate=candidate)
        services.grade_share(grade=grade, shared_by=request.user)
        self.message_user(
            request, _("Grade %(value)s shared with OneF.") % {"value": grade.value}, messages.SUCCESS
        )
        return self._back_to(candidate, "#grades", request)

    def cv_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id)
        try:
            handle = selectors.candidate_cv_open(candidate=candidate)
        except selectors.CVUnavailable as error:
            raise Http404(str(error))
        return FileResponse(handle, as_attachment=True, filename=candidate.cv_filename or "cv")

    def export_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id)
        data = gdpr.candidate_export(candidate=candidate, actor=request.user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="candidate-{candidate.pk}.json"'
        return response

    def anonymize_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id, change=True)
        if request.method == "POST":
            self._anonymize([candidate], request)
            return self._back_to(candidate, "", request)
        return self._anonymize_confirmation(request, [candidate])
