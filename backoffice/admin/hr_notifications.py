"""Each HR user's notifications (only their own) and their notification settings, with the link of
their Telegram chat (`/hr <code>` to the bot)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hr_notifications import selectors, services
from hr_notifications.models import HRNotification, HRPreference, TelegramStatus


class OwnRowsOnly:
    """Every staff user sees and handles only their own rows, whatever their permissions."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or obj.user_id == request.user.pk)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HRNotification)
class HRNotificationAdmin(OwnRowsOnly, admin.ModelAdmin):
    list_display = ["created_at", "kind", "notification", "read", "telegram"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    actions = ["mark_read"]
    list_per_page = 50

    def get_queryset(self, request):
        return selectors.notifications_of(user=request.user)

    def has_change_permission(self, request, obj=None):
        return False  # opened through its link, which marks it read

    @admin.display(description=gettext_lazy("notification"))
    def notification(self, obj: HRNotification) -> str:
        url = reverse("admin:hr_notifications_hrnotification_open", args=[obj.pk])
        weight = "normal" if obj.read_at else "bold"
        return format_html('<a href="{}" style="font-weight:{}">{}</a>', url, weight, obj.text)

    @admin.display(description=gettext_lazy("read"), boolean=True)
    def read(self, obj: HRNotification) -> bool:
        return obj.read_at is not None

    @admin.display(description=gettext_lazy("Telegram"), ordering="telegram_status")
    def telegram(self, obj: HRNotification) -> str:
        """The Telegram status, and why it has not gone out (blocked bot, rate limit...) when it has not."""
        status = obj.get_telegram_status_display()
        if obj.telegram_status == TelegramStatus.SENT or not obj.telegram_error:
            return status
        return format_html("{}<br><small>{}</small>", status, obj.telegram_error)

    @admin.action(description=gettext_lazy("Mark as read"), permissions=["view"])
    def mark_read(self, request: HttpRequest, queryset: QuerySet[HRNotification]) -> None:
        count = services.hr_notifications_mark_read(
            user=request.user, ids=queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request, _("%(count)s notification(s) marked as read.") % {"count": count}, messages.SUCCESS
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/open/", view(self.open_view), name="hr_notifications_hrnotification_open"),
            *super().get_urls(),
        ]

    def open_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = get_object_or_404(HRNotification, pk=pk, user=request.user)
        services.hr_notifications_mark_read(user=request.user, ids=[notification.pk])
        target = notification.url
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) or not target:
            target = reverse("admin:hr_notifications_hrnotification_changelist")
        return HttpResponseRedirect(target)


@admin.register(HRPreference)
class HRPreferenceAdmin(OwnRowsOnly, admin.ModelAdmin):
    fields = [
        "new_application",
        "new_message",
        "review_waiting",
        "webhook_failing",
        "job_board",
        "sla_overdue",
        "by_telegram",
        "telegram_chat",
    ]
    readonly_fields = ["telegram_chat"]
    change_form_template = "admin/hr_notifications/hrpreference/change_form.html"

    @admin.display(description=gettext_lazy("Telegram chat"))
    def telegram_chat(self, obj: HRPreference) -> str:
        return str(obj.telegram_chat_id) if obj.telegram_chat_id else _("not linked")

    list_display = [
        "user",
        "new_application",
        "new_message",
        "review_waiting",
        "webhook_failing",
        "job_board",
        "sla_overdue",
        "telegram_chat",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def changelist_view(self, request, extra_context=None):
        services.hr_preference_of(user=request.user)  # the one row the list shows
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "link-code/",
                view(require_POST(self.link_code_view)),
                name="hr_notifications_hrpreference_link_code",
            ),
            *super().get_urls(),
        ]

    def link_code_view(self, request: HttpRequest) -> HttpResponse:
        code = services.hr_link_code_create(user=request.user)
        self.message_user(
            request,
            _("Send “/hr %(code)s” to the bot within 15 minutes to get notifications in Telegram.")
            % {"code": code},
            messages.SUCCESS,
        )
        preference = services.hr_preference_of(user=request.user)
        return HttpResponseRedirect(
            reverse("admin:hr_notifications_hrpreference_change", args=[preference.pk])
        )
