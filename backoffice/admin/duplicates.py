"""Possible duplicates, the list HR works through: merge (on the confirmation page) or dismiss."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backoffice.admin.candidate_merge import MERGE_PERMISSION
from candidates import merge_selectors, services
from candidates.models import DuplicatePair, DuplicateState


class StateFilter(admin.SimpleListFilter):
    """Open pairs unless HR picks another state: the list is a to-do list."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [*DuplicateState.choices, ("all", _("All"))]

    def choices(self, changelist):
        value = self.value() or DuplicateState.OPEN
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or DuplicateState.OPEN
        if value == DuplicateState.OPEN:
            return merge_selectors.duplicates_open() & queryset
        return queryset if value == "all" else queryset.filter(state=value)


@admin.register(DuplicatePair)
class DuplicatePairAdmin(admin.ModelAdmin):
    list_display = ["first_link", "second_link", "reason", "state", "created_at", "merge_link"]
    list_display_links = None  # each column links to the candidate itself
    list_filter = [StateFilter, "reason"]
    list_select_related = ["first", "second"]
    search_fields = ["first__fullname", "second__fullname", "first__email", "second__email"]
    actions = ["dismiss"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False  # pairs are found by the service, never typed

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    @admin.display(description=_("older candidate"), ordering="first__fullname")
    def first_link(self, pair: DuplicatePair) -> str:
        url = reverse("admin:candidates_candidate_change", args=[pair.first_id])
        return format_html('<a href="{}">{}</a>', url, pair.first)

    @admin.display(description=_("newer candidate"), ordering="second__fullname")
    def second_link(self, pair: DuplicatePair) -> str:
        url = reverse("admin:candidates_candidate_change", args=[pair.second_id])
        return format_html('<a href="{}">{}</a>', url, pair.second)

    @admin.display(description=_("merge"))
    def merge_link(self, pair: DuplicatePair) -> str:
        if pair.state != DuplicateState.OPEN:
            return "—"
        url = reverse("admin:candidates_candidate_merge", args=[pair.first_id, pair.second_id])
        return format_html('<a href="{}" class="merge-pair">{}</a>', url, _("Merge…"))

    def get_list_display(self, request):
        if request.user.has_perm(MERGE_PERMISSION):
            return self.list_display
        return [name for name in self.list_display if name != "merge_link"]

    @admin.action(description=_("Dismiss: not the same person"), permissions=["change"])
    def dismiss(self, request, queryset):
        done = 0
        for pair in queryset.filter(state=DuplicateState.OPEN):
            services.duplicate_dismiss(pair=pair, actor=request.user)
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d pair dismissed.", "%(count)d pairs dismissed.", done) % {"count": done},
            messages.SUCCESS,
        )
