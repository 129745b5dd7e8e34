from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy, ngettext

from messaging import channels, services
from messaging.models import BotChat, CandidateChannel, DeliveryStatus, Message, MessageDirection

BOT_NOT_CONFIGURED = gettext_lazy(
    "The Telegram bot is not configured (TELEGRAM_BOT_TOKEN is not set): candidates cannot reach the bot "
    "and outbound messages stay queued until a token is set."
)


def warn_if_bot_not_configured(request: HttpRequest) -> None:
    if not settings.TELEGRAM_BOT_TOKEN:
        messages.warning(request, BOT_NOT_CONFIGURED)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "candidate",
        "direction",
        "channel",
        "short_text",
        "is_read",
        "delivery_status",
        "short_delivery_error",
        "delivery_attempts",
        "sent_at",
        "created_at",
    ]
    list_filter = ["direction", "channel", "is_read", "delivery_status"]
    search_fields = ["text", "candidate__fullname", "candidate__email"]
    list_select_related = ["candidate"]
    readonly_fields = [f.name for f in Message._meta.fields]
    actions = ["retry_delivery"]

    @admin.display(description=gettext_lazy("text"))
    def short_text(self, obj: Message) -> str:
        return obj.text[:80]

    @admin.display(description=gettext_lazy("delivery error"))
    def short_delivery_error(self, obj: Message) -> str:
        return obj.delivery_error[:120]

    def has_add_permission(self, request):
        return False  # messages are sent through the chat, so they reach Telegram

    def changelist_view(self, request, extra_context=None):
        warn_if_bot_not_configured(request)
        return super().changelist_view(request, extra_context)

    @admin.action(description=gettext_lazy("Retry delivery of the selected failed messages"))
    def retry_delivery(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        failed = queryset.filter(direction=MessageDirection.OUTBOUND, delivery_status=DeliveryStatus.FAILED)
        count = sum(services.message_retry_delivery(message=message) for message in failed)
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext(
                "%(count)d message queued for delivery again.",
                "%(count)d messages queued for delivery again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message skipped: only failed outbound messages can be retried.",
                    "%(count)d messages skipped: only failed outbound messages can be retried.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(BotChat)
class BotChatAdmin(admin.ModelAdmin):
    list_display = ["telegram_chat_id", "step", "updated_at", "hr_note_sent_at"]
    list_filter = ["step"]
    search_fields = ["telegram_chat_id"]
    readonly_fields = [f.name for f in BotChat._meta.fields]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj: CandidateChannel, form, change) -> None:
        if obj.preferred:  # one preferred channel per candidate: the others stop being it
            channels.channel_set_preferred(channel=obj)
        else:
            super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        warn_if_bot_not_configured(request)
        return super().changelist_view(request, extra_context)


@admin.register(CandidateChannel)
class CandidateChannelAdmin(admin.ModelAdmin):
    """The ways each candidate can be reached; HR sees bounces and unsubscribes (read-only: the
    channels follow the candidate's Telegram id and e-mail, and the candidates' own choices)."""

    list_display = [
        "candidate",
        "kind",
        "address",
        "preferred",
        "consent_at",
        "bounced_at",
        "unsubscribed_at",
    ]
    list_filter = ["kind", "preferred", ("bounced_at", admin.EmptyFieldListFilter)]
    search_fields = ["address", "candidate__fullname"]
    list_select_related = ["candidate"]
    readonly_fields = [f.name for f in CandidateChannel._meta.fields if f.name != "preferred"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj: CandidateChannel, form, change) -> None:
        if obj.preferred:  # one preferred channel per candidate: the others stop being it
            channels.channel_set_preferred(channel=obj)
        else:
            super().save_model(request, obj, form, change)
