"""Message templates (with a preview for a real candidate), status notifications and the outbox of
scheduled candidate messages."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backoffice.admin.list_editing import LabelledListEditing
from candidates.models import Candidate
from messaging.models import MessageTemplate, ScheduledMessage, StatusNotification
from messaging.templating import template_render, template_validate


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["name", "language", "text"]

    def clean_text(self) -> str:
        return template_validate(self.cleaned_data["text"])


def _preview_candidate(request: HttpRequest) -> Candidate | None:
    candidate_id = request.GET.get("candidate", "")
    candidates = Candidate.objects.filter(anonymized_at=None)
    if candidate_id:
        try:
            return candidates.filter(pk=candidate_id).first()
        except ValidationError:
            return None
    return candidates.order_by("-created_at").first()


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    form = MessageTemplateForm
    list_display = ["name", "language", "short_text", "updated_at"]
    list_filter = ["language"]
    search_fields = ["name", "text"]
    change_form_template = "admin/messaging/messagetemplate/change_form.html"

    @admin.display(description=_("text"))
    def short_text(self, obj: MessageTemplate) -> str:
        return obj.text[:100]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        template = self.get_object(request, object_id)
        if template is not None:
            candidate = _preview_candidate(request)
            preview, error = "", ""
            if candidate is not None:
                try:
                    preview = template_render(text=template.text, candidate=candidate)
                except ValidationError as problem:
                    error = " ".join(problem.messages)
            extra_context = {
                **(extra_context or {}),
                "preview_candidate": candidate,
                "preview_candidates": Candidate.objects.filter(anonymized_at=None).order_by("-created_at")[
                    :50
                ],
                "preview": preview,
                "preview_error": error,
            }
        return super().change_view(request, object_id, form_url, extra_context)


class StatusNotificationForm(forms.ModelForm):
    class Meta:
        model = StatusNotification
        fields = ["status", "enabled", "template_name"]

    def clean_template_name(self) -> str:
        name = self.cleaned_data["template_name"]
        if name and not MessageTemplate.objects.filter(name=name).exists():
            raise ValidationError(_("There is no message template named “%(name)s”.") % {"name": name})
        return name

    def clean(self):
        data = super().clean()
        if data.get("enabled") and not data.get("template_name"):
            raise ValidationError(_("Choose a template before enabling the notification."))
        return data


@admin.register(StatusNotification)
class StatusNotificationAdmin(LabelledListEditing, admin.ModelAdmin):
    form = StatusNotificationForm
    list_display = ["status", "enabled", "template_name"]
    list_editable = ["enabled"]
    list_display_links = ["status"]


@admin.register(ScheduledMessage)
class ScheduledMessageAdmin(admin.ModelAdmin):
    list_display = ["candidate", "reason", "send_at", "state", "outcome"]
    list_filter = ["state"]
    list_select_related = ["candidate"]
    search_fields = ["candidate__fullname", "text"]
    readonly_fields = [f.name for f in ScheduledMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
