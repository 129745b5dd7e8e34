import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from webhooks import services
from webhooks.models import Delivery, DeliveryAttempt, Endpoint, Event, EventType
from webhooks.payloads import in_spec_order

PREVIEW_CHARS = 200


def _pretty(value: Any) -> str:
    """JSON for reading in the admin, long strings (a CV in base64) cut short."""

    def cut(item: Any) -> Any:
        if isinstance(item, dict):
            return {key: cut(val) for key, val in item.items()}
        if isinstance(item, str) and len(item) > PREVIEW_CHARS:
            return f"{item[:PREVIEW_CHARS]}… " + _("(%(count)d characters)") % {"count": len(item)}
        return item

    return format_html("<pre>{}</pre>", json.dumps(cut(value), indent=2, ensure_ascii=False))


def _report_ping(request: HttpRequest, endpoint: Endpoint) -> None:
    attempt = services.endpoint_ping(endpoint=endpoint)
    if attempt is None:
        messages.error(
            request, _("%(endpoint)s: not sent, the endpoint is disabled.") % {"endpoint": endpoint}
        )
    elif attempt.response_status and 200 <= attempt.response_status < 300:
        messages.success(
            request,
            _("%(endpoint)s: answered %(status)s in %(ms)s ms.")
            % {"endpoint": endpoint, "status": attempt.response_status, "ms": attempt.duration_ms},
        )
    else:
        messages.error(
            request,
            _("%(endpoint)s: %(result)s (%(ms)s ms).")
            % {
                "endpoint": endpoint,
                "result": attempt.response_status or attempt.error,
                "ms": attempt.duration_ms,
            },
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
            raise ValidationError(
                _("A list of event types from: %(types)s; empty for all.") % {"types": ", ".join(known)}
            )
        return value


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["name", "url", "is_enabled", "is_default", "disabled_reason", "updated_at"]
    list_filter = ["is_enabled", "is_default"]
    search_fields = ["name", "url"]
    fields = ["name", "url", "secret", "is_enabled", "event_types", "is_default", "disabled_reason"]
    readonly_fields = ["is_default"]
    actions = ["send_test_ping"]

    def get_readonly_fields(self, request: HttpRequest, obj: Endpoint | None = None) -> list[str]:
        if obj is not None and obj.is_default:
            return [*self.readonly_fields, "url", "secret"]  # set by ONEF_WEBHOOK_URL / _SECRET
        return list(self.readonly_fields)

    @admin.action(description=gettext_lazy("Send test ping"))
    def send_test_ping(self, request: HttpRequest, queryset: QuerySet[Endpoint]) -> None:
        for endpoint in queryset:
            _report_ping(request, endpoint)

    def response_change(self, request: HttpRequest, obj: Endpoint) -> HttpResponse:
        if "_ping" in request.POST:
            _report_ping(request, obj)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["id", "event_type", "candidate_id", "created_at", "payload_purged_at"]
    list_filter = ["event_type"]
    search_fields = ["=id", "=candidate_id"]
    fields = ["id", "event_type", "candidate_id", "created_at", "payload_purged_at", "body"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return (
            super().get_queryset(request).defer("payload")
        )  # a payload can hold a CV: load it only to show it

    @admin.display(description=gettext_lazy("Body sent"))
    def body(self, obj: Event) -> str:
        return (
            _pretty(in_spec_order(obj.payload)) if obj.payload else _("(purged after the retention period)")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        return False


class DeliveryAttemptInline(admin.StackedInline):
    model = DeliveryAttempt
    extra = 0
    fields = ["number", "created_at", "duration_ms", "response_status", "error", "request", "response_body"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=gettext_lazy("Request headers"))
    def request(self, obj: DeliveryAttempt) -> str:
        return _pretty(obj.request_headers)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "endpoint",
        "status",
        "attempt_count",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event__event_type", "endpoint"]
    list_select_related = ["event", "endpoint"]
    search_fields = ["=event__id", "=event__candidate_id"]
    date_hierarchy = "created_at"
    actions = ["redeliver"]
    inlines = [DeliveryAttemptInline]
    fields = [
        "event",
        "endpoint",
        "status",
        "attempt_count",
        "next_attempt_at",
        "locked_until",
        "last_status_code",
        "last_error",
        "delivered_at",
        "request_body",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Delivery]:
        return super().get_queryset(request).defer("event__payload")

    @admin.display(description=gettext_lazy("Request body (the same on every attempt)"))
    def request_body(self, obj: Delivery) -> str:
        return (
            _pretty(in_spec_order(obj.event.payload))
            if obj.event.payload
            else _("(purged after the retention period)")
        )

    @admin.action(description=gettext_lazy("Redeliver the selected deliveries"))
    def redeliver(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        queued = 0
        for delivery in queryset:
            try:
                services.delivery_redeliver(delivery=delivery)
                queued += 1
            except ValidationError as exc:
                messages.error(request, f"{delivery}: {' '.join(exc.messages)}")
        if queued:
            messages.success(
                request,
                ngettext(
                    "%(count)d delivery queued to be sent again.",
                    "%(count)d deliveries queued to be sent again.",
                    queued,
                )
                % {"count": queued},
            )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Delivery | None = None) -> bool:
        return False  # read-only: the view page shows every attempt, "redeliver" is an action
