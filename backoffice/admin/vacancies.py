"""Vacancies: publishing, and the applicants per status at a glance."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from backoffice import hh_setup
from backoffice.admin.display import status_badge
from backoffice.board.automation import rule_toggle_view, run_cancel_view
from backoffice.board.views import board_move_view, board_view, can_view_board
from candidates import services
from candidates.models import CandidateStatus, Vacancy


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "source",
        "is_published",
        "applications_total",
        "applications_by_status",
        "board_link",
        "updated_at",
    ]
    list_filter = ["source", "is_published"]
    search_fields = ["name", "description", "requirements"]
    actions = ["publish", "unpublish", "publish_on_hh"]
    change_form_template = "admin/candidates/vacancy/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:vacancy_id>/board/",
                view(lambda request, vacancy_id: board_view(self, request, vacancy_id)),
                name="candidates_vacancy_board",
            ),
            path(
                "<int:vacancy_id>/board/move/",
                view(require_POST(lambda request, vacancy_id: board_move_view(self, request, vacancy_id))),
                name="candidates_vacancy_board_move",
            ),
            path(
                "<int:vacancy_id>/board/rules/<int:rule_id>/",
                view(
                    require_POST(
                        lambda r, vacancy_id, rule_id: rule_toggle_view(self, r, vacancy_id, rule_id)
                    )
                ),
                name="candidates_vacancy_rule_toggle",
            ),
            path(
                "<int:vacancy_id>/board/runs/<int:run_id>/cancel/",
                view(
                    require_POST(lambda r, vacancy_id, run_id: run_cancel_view(self, r, vacancy_id, run_id))
                ),
                name="candidates_vacancy_run_cancel",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_view_board": can_view_board(request)}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_view_board": can_view_board(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("board"))
    def board_link(self, obj: Vacancy) -> str:
        url = reverse("admin:candidates_vacancy_board", args=[obj.pk])
        return format_html('<a href="{}" class="board-link">{}</a>', url, _("Open the board"))

    def get_queryset(self, request):
        per_status = {
            f"n_{status}": Count("applications", filter=Q(applications__status=status))
            for status in CandidateStatus.values
        }
        return super().get_queryset(request).annotate(n_applications=Count("applications"), **per_status)

    @admin.display(description=_("applications"), ordering="n_applications")
    def applications_total(self, obj: Vacancy) -> str:
        url = reverse("admin:candidates_candidate_changelist") + f"?vacancy={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.n_applications)

    @admin.display(description=_("applicants by status"))
    def applications_by_status(self, obj: Vacancy) -> str:
        parts = [
            (status, label, getattr(obj, f"n_{status}"))
            for status, label in CandidateStatus.choices
            if getattr(obj, f"n_{status}")
        ]
        if not parts:
            return "—"
        return format_html(
            " ".join(["{}"] * len(parts)),
            *(
                format_html("{}&nbsp;{}", status_badge(status, label), count)
                for status, label, count in parts
            ),
        )

    @admin.action(description=_("Publish (open for applications)"), permissions=["change"])
    def publish(self, request, queryset):
        count = services.vacancies_set_published(vacancies=queryset, is_published=True)
        self.message_user(
            request,
            ngettext("%(count)d vacancy published.", "%(count)d vacancies published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish on hh.ru…"), permissions=["change"])
    def publish_on_hh(self, request, queryset):
        return hh_setup.publish_on_hh(self, request, queryset)

    @admin.action(description=_("Unpublish (close for applications)"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = services.vacancies_set_published(vacancies=queryset, is_published=False)
        self.message_user(
            request,
            ngettext("%(count)d vacancy unpublished.", "%(count)d vacancies unpublished.", count)
            % {"count": count},
            messages.SUCCESS,
        )
