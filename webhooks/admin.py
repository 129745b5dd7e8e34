from django.contrib import admin

from webhooks.models import Delivery, DeliveryAttempt, Endpoint, Event


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "is_enabled", "is_default", "updated_at"]
    list_filter = ["is_enabled"]
    search_fields = ["name", "url"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["id", "event_type", "candidate_id", "created_at"]
    list_filter = ["event_type"]
    search_fields = ["=id", "=candidate_id"]


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    readonly_fields = ["number", "response_status", "error", "duration_ms", "created_at"]
    fields = readonly_fields
    can_delete = False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "endpoint", "status", "attempt_count", "last_status_code", "next_attempt_at"]
    list_filter = ["status", "endpoint"]
    list_select_related = ["event", "endpoint"]
    inlines = [DeliveryAttemptInline]
