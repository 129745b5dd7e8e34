"""Talking to many candidates from the list: "send a message to the selected" (with a template),
and the template picker of the candidate page's reply box."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.models import Candidate
from candidates.services import applications_assign_owner
from messaging import services as messaging_services
from messaging.bulk import messages_send_bulk
from messaging.models import MessageTemplate
from messaging.selectors import candidate_reach
from messaging.templating import PLACEHOLDERS, template_for, template_render, template_validate


def template_names() -> list[str]:
    return list(MessageTemplate.objects.order_by("name").values_list("name", flat=True).distinct())


class BulkMessageForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Message"),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        max_length=messaging_services.TELEGRAM_MAX_TEXT,
        help_text=gettext_lazy("Placeholders are filled in for each candidate: %(placeholders)s")
        % {"placeholders": " ".join("{" + p + "}" for p in PLACEHOLDERS)},
    )

    def clean_text(self) -> str:
        return template_validate(self.cleaned_data["text"])


def reply_prefill(request: HttpRequest, candidate: Candidate) -> str:
    """The text of the template picked in the reply box (?template=name), for this candidate."""
    name = request.GET.get("template", "")
    template = template_for(name=name, language=candidate.language) if name else None
    if template is None:
        return ""
    try:
        return template_render(text=template.text, candidate=candidate)
    except ValidationError:
        return template.text


class CandidateMessagingMixin:
    """Mixed into CandidateAdmin (a ModelAdmin)."""

    @admin.action(description=gettext_lazy("Assign to me"), permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> None:
        changed = sum(applications_assign_owner(candidate=c, owner=request.user) for c in queryset)
        self.message_user(
            request, _("You now own %(count)s application(s).") % {"count": changed}, messages.SUCCESS
        )

    def has_send_message_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("messaging.add_message")

    @admin.action(description=gettext_lazy("Send a message to the selected…"), permissions=["send_message"])
    def send_message(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> HttpResponse | None:
        candidates = list(queryset.order_by("fullname").prefetch_related("channels"))
        form = BulkMessageForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            result = messages_send_bulk(
                candidates=candidates, text=form.cleaned_data["text"], sent_by=request.user
            )
            self.message_user(
                request,
                _("%(count)s message(s) queued for delivery.") % {"count": len(result.sent)},
                messages.SUCCESS,
            )
            if result.unreachable:
                names = ", ".join(str(c) for c in result.unreachable)
                self.message_user(
                    request, _("Not sent (no Telegram): %(names)s") % {"names": names}, messages.WARNING
                )
            for candidate, error in result.failed:
                self.message_user(request, f"{candidate}: {error}", messages.ERROR)
            return None
        picked = request.POST.get("template", "")
        if not form.is_bound and picked:
            template = MessageTemplate.objects.filter(name=picked).first()
            form = BulkMessageForm(initial={"text": template.text if template else ""})
        return TemplateResponse(
            request,
            "admin/candidates/candidate/send_message.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Send a message"),
                "opts": self.model._meta,
                "form": form,
                "reachable": [c for c in candidates if candidate_reach(candidate=c) is not None],
                "unreachable": [c for c in candidates if candidate_reach(candidate=c) is None],
                "candidates": candidates,
                "templates": template_names(),
                "picked": picked,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
