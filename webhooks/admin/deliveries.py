"""The outbox in the admin: events and deliveries, read-only, with "redeliver".

Payloads are shown as sent to superusers only; everyone else (HR managers) sees them redacted
(webhooks/redaction.py): structure, ids, statuses and times, no personal data.
"""

import json
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from webhooks import services
from webhooks.models import Delivery, DeliveryAttempt, Event
from webhooks.payloads import in_spec_order
from webhooks.redaction import redacted

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


PURGED = _("(purged after the retention period)")


def payload_as_sent(payload: dict) -> str:
    return _pretty(in_spec_order(payload)) if payload else PURGED


def payload_redacted(payload: dict) -> str:
    if not payload:
        return PURGED
    return _pretty(redacted(in_spec_order(payload))) + format_html(
        '<p class="help">{}</p>', _("Personal data is redacted; only superusers see the body as sent.")
    )


def _by_reader(request: HttpRequest, fields: list[str], raw: str) -> list[str]:
    """Superusers get the `raw` field; everyone else its `_redacted` twin."""
    if request.user.is_superuser:
        return fields
    return [f"{raw}_redacted" if name == raw else name for name in fields]


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

    def get_fields(self, request: HttpRequest, obj: Event | None = None) -> list[str]:
        return _by_reader(request, list(self.fields), "body")

    def get_readonly_fields(self, request: HttpRequest, obj: Event | None = None) -> list[str]:
        return self.get_fields(request, obj)

    @admin.display(description=_("Body sent"))
    def body(self, obj: Event) -> str:
        return payload_as_sent(obj.payload)

    @admin.display(description=_("Body sent (redacted)"))
    def body_redacted(self, obj: Event) -> str:
        return payload_redacted(obj.payload)

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

    @admin.display(description=_("Request headers"))
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

    def get_fields(self, request: HttpRequest, obj: Delivery | None = None) -> list[str]:
        return _by_reader(request, list(self.fields), "request_body")

    def get_readonly_fields(self, request: HttpRequest, obj: Delivery | None = None) -> list[str]:
        return self.get_fields(request, obj)

    @admin.display(description=_("Request body (the same on every attempt)"))
    def request_body(self, obj: Delivery) -> str:
        return payload_as_sent(obj.event.payload)

    @admin.display(description=_("Request body (redacted)"))
    def request_body_redacted(self, obj: Delivery) -> str:
        return payload_redacted(obj.event.payload)

    @admin.action(description=_("Redeliver the selected deliveries"))
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
