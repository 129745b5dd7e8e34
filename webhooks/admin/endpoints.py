"""Webhook endpoints in the admin (superusers only): their health, a ping, "replay failed since ..."."""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from webhooks import selectors, services
from webhooks.models import Endpoint, EventType

HEALTH_FIELDS = ["health", "delivered_last_day", "retrying", "failed", "last_delivered_at", "last_failure"]


def _report_ping(request: HttpRequest, endpoint: Endpoint) -> None:
    attempt = services.endpoint_ping(endpoint=endpoint)
    if attempt is None:
        messages.error(request, f"{endpoint}: not sent, the endpoint is disabled.")
    elif attempt.response_status and 200 <= attempt.response_status < 300:
        messages.success(
            request, f"{endpoint}: answered {attempt.response_status} in {attempt.duration_ms} ms."
        )
    else:
        messages.error(
            request, f"{endpoint}: {attempt.response_status or attempt.error} ({attempt.duration_ms} ms)."
        )


class EndpointForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https")

    class Meta:
        model = Endpoint
        fields = ["name", "url", "secret", "is_enabled", "event_types", "disabled_reason"]

    def clean_event_types(self) -> list[str]:
        value = self.cleaned_data["event_types"] or []
        known = [t for t in EventType.values if t != EventType.PING]
        if not isinstance(value, list) or any(item not in known for item in value):
            raise ValidationError(f"A list of event types from: {', '.join(known)}; empty for all.")
        return value


class ReplayForm(forms.Form):
    since = forms.DateTimeField(
        label=_("Replay the deliveries that ended failed since"),
        help_text=_("Oldest event first, each with a fresh retry schedule. Format: YYYY-MM-DD HH:MM."),
    )

    def clean_since(self) -> dt.datetime:
        since = self.cleaned_data["since"]
        if since > timezone.now():
            raise ValidationError(_("Choose a time in the past."))
        return since


class EndpointHealth:
    """The health columns of the endpoint list, read from the annotations of the health selector."""

    @admin.display(description=_("Health"))
    def health(self, obj: Endpoint) -> str:
        if not obj.is_enabled:
            return _("disabled")
        return _("failing") if obj.failed or obj.retrying else _("healthy")

    @admin.display(description=_("Delivered (24 h)"), ordering="delivered_last_day")
    def delivered_last_day(self, obj: Endpoint) -> int:
        return obj.delivered_last_day

    @admin.display(description=_("Retrying"), ordering="retrying")
    def retrying(self, obj: Endpoint) -> int:
        return obj.retrying

    @admin.display(description=_("Failed"), ordering="failed")
    def failed(self, obj: Endpoint) -> int:
        return obj.failed

    @admin.display(description=_("Last delivered"), ordering="last_delivered_at")
    def last_delivered_at(self, obj: Endpoint) -> dt.datetime | None:
        return obj.last_delivered_at

    @admin.display(description=_("Last failure"), ordering="last_failure_at")
    def last_failure(self, obj: Endpoint) -> str:
        if obj.last_failure_at is None:
            return "—"
        return timezone.localtime(obj.last_failure_at).strftime("%Y-%m-%d %H:%M")


@admin.register(Endpoint)
class EndpointAdmin(EndpointHealth, admin.ModelAdmin):
    form = EndpointForm
    list_display = ["name", "url", "is_enabled", *HEALTH_FIELDS, "disabled_reason"]
    list_filter = ["is_enabled", "is_default"]
    search_fields = ["name", "url"]
    fields = ["name", "url", "secret", "is_enabled", "event_types", "is_default", "disabled_reason"]
    readonly_fields = ["is_default"]
    actions = ["send_test_ping", "replay_failed"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Endpoint]:
        return selectors.endpoints_with_health(super().get_queryset(request))

    def get_readonly_fields(self, request: HttpRequest, obj: Endpoint | None = None) -> list[str]:
        if obj is not None and obj.is_default:
            return [*self.readonly_fields, "url", "secret"]  # set by ONEF_WEBHOOK_URL / _SECRET
        return list(self.readonly_fields)

    @admin.action(description="Send test ping")
    def send_test_ping(self, request: HttpRequest, queryset: QuerySet[Endpoint]) -> None:
        for endpoint in queryset:
            _report_ping(request, endpoint)

    @admin.action(description=_("Replay failed deliveries since …"))
    def replay_failed(self, request: HttpRequest, queryset: QuerySet[Endpoint]) -> HttpResponse | None:
        default = timezone.localtime() - dt.timedelta(days=settings.WEBHOOK_RETENTION_DAYS)
        form = ReplayForm(request.POST if "apply" in request.POST else None, initial={"since": default})
        if form.is_bound and form.is_valid():
            since = form.cleaned_data["since"]
            for endpoint in queryset:
                count = services.deliveries_replay_failed(endpoint=endpoint, since=since)
                messages.success(
                    request,
                    ngettext(
                        "%(endpoint)s: %(count)d failed delivery queued again.",
                        "%(endpoint)s: %(count)d failed deliveries queued again.",
                        count,
                    )
                    % {"endpoint": endpoint, "count": count},
                )
            return None
        return TemplateResponse(
            request,
            "admin/webhooks/endpoint/replay_failed.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Replay failed deliveries"),
                "opts": self.model._meta,
                "form": form,
                "endpoints": queryset,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    def response_change(self, request: HttpRequest, obj: Endpoint) -> HttpResponse:
        if "_ping" in request.POST:
            _report_ping(request, obj)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
