from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onef_api.models import ApiKey, ApiScope
from onef_api.services import api_key_issue, api_key_revoke, api_key_rotate


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ApiScope.READ, ApiScope.WRITE],
        help_text=gettext_lazy("read: GET requests; write: POST requests."),
    )

    class Meta:
        model = ApiKey
        fields = ["name", "scopes", "expires_at"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = [
        "name",
        "prefix",
        "scopes",
        "expires_at",
        "revoked_at",
        "last_used_at",
        "last_used_ip",
        "created_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix"]
    readonly_fields = [
        "prefix",
        "key_hash",
        "revoked_at",
        "last_used_at",
        "last_used_ip",
        "created_at",
        "updated_at",
    ]
    actions = ["rotate_keys", "revoke_keys"]

    def get_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> list[str]:
        # A new key needs a name and scopes; the key itself is generated and shown once after saving.
        editable = ["name", "scopes", "expires_at"]
        return editable if obj is None else [*editable, *self.readonly_fields]

    def save_model(self, request: HttpRequest, obj: ApiKey, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        raw_key = api_key_issue(api_key=obj)
        messages.warning(request, _("The new API key is shown only now, copy it: %(key)s") % {"key": raw_key})

    @admin.action(
        description=gettext_lazy("Rotate: create a new key like each selected one (the old keeps working)")
    )
    def rotate_keys(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for old in queryset.filter(revoked_at__isnull=True):
            raw_key = api_key_rotate(api_key=old)[1]
            messages.warning(
                request,
                _(
                    "New key for %(name)s, shown only now, copy it: %(key)s. Revoke %(old)s once the client uses the new key."
                )
                % {"name": old.name, "key": raw_key, "old": old},
            )

    @admin.action(description=gettext_lazy("Revoke the selected API keys"))
    def revoke_keys(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        revoked = sum(api_key_revoke(api_key=api_key) for api_key in queryset)
        self.message_user(request, _("Revoked %(count)d key(s).") % {"count": revoked})
