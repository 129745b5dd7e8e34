from django.contrib import admin

from messaging.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["candidate", "direction", "short_text", "is_read", "delivery_status", "created_at"]
    list_filter = ["direction", "is_read", "delivery_status"]
    search_fields = ["text", "candidate__fullname", "candidate__email"]
    list_select_related = ["candidate"]
    readonly_fields = [f.name for f in Message._meta.fields]

    @admin.display(description="text")
    def short_text(self, obj: Message) -> str:
        return obj.text[:80]

    def has_add_permission(self, request):
        return False  # messages are sent through the chat, so they reach Telegram
