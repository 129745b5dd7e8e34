"""The candidate list and form. Admin classes stay thin: every write goes through a service, so
the webhooks and the history follow whatever HR does here."""

from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from backoffice.admin.candidate_actions import CandidateActionsMixin, set_status_actions
from backoffice.admin.candidate_filters import (
    AiRatingBandFilter,
    AppliedWithinFilter,
    HasUnreadFilter,
    SourceFilter,
    StageFilter,
    VacancyFilter,
)
from backoffice.admin.candidate_interviews import CandidateInterviewsMixin
from backoffice.admin.candidate_merge import CandidateMergeMixin
from backoffice.admin.candidate_messaging import CandidateMessagingMixin
from backoffice.admin.candidate_pages import CandidatePagesMixin
from backoffice.admin.display import status_badge
from backoffice.admin.screening import run_ai_analysis
from candidates import selectors, services
from candidates.models import Application, Candidate
from candidates.screening.comment import analysis_comment
from candidates.search import full_text_supported
from messaging import selectors as messaging_selectors


class ApplicationInline(admin.TabularInline):
    model = Application
    extra = 0
    fields = ["vacancy", "owner", "applied_at", "screened_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # applications come from the bot, the API or the application admin (its service)


@admin.register(Candidate)
class CandidateAdmin(
    CandidateMergeMixin,
    CandidatePagesMixin,
    CandidateInterviewsMixin,
    CandidateActionsMixin,
    CandidateMessagingMixin,
    admin.ModelAdmin,
):
    list_display = [
        "fullname",
        "status_label",
        "ai_rating",
        "vacancy",
        "unread",
        "email",
        "phone_number",
        "created_at",
    ]
    list_display_links = ["fullname"]
    list_filter = [
        VacancyFilter,
        StageFilter,
        SourceFilter,
        AiRatingBandFilter,
        HasUnreadFilter,
        AppliedWithinFilter,
        "created_at",
    ]
    search_fields = ["fullname", "email", "phone", "=telegram_id"]  # the box is served by candidates_search
    search_help_text = _("A word of the name, email, phone or CV, or an exact Telegram id.")
    readonly_fields = [
        "id",
        "ai_rating",
        "ai_comment_text",
        "cv_filename",
        "anonymized_at",
        "consent_at",
        "consent_policy_version",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (_("Hiring"), {"fields": ["status", "ai_rating", "ai_comment_text"]}),
        (_("Profile"), {"fields": ["name", "surname", "email", "phone", "dob", "telegram_id"]}),
        (_("Record"), {"fields": ["id", "cv_filename", "anonymized_at", "created_at", "updated_at"]}),
        (_("Consent"), {"fields": ["consent_at", "consent_policy_version"]}),
    ]
    add_fieldsets = [(_("Profile"), {"fields": ["name", "surname", "email", "phone", "dob", "telegram_id"]})]
    inlines = [ApplicationInline]
    list_per_page = 50
    show_full_result_count = False  # the full count re-runs the annotated query: ~1 s at 100,000
    actions = [
        *set_status_actions(),
        run_ai_analysis,
        "invite_to_test",
        "send_message",
        "assign_to_me",
        "share_latest_grade",
        "export_csv",
        "anonymize",
    ]
    change_form_template = "admin/candidates/candidate/change_form.html"

    def get_queryset(self, request):
        queryset = messaging_selectors.candidates_with_unread_count(super().get_queryset(request))
        return selectors.candidates_with_latest_vacancy(queryset)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        found = selectors.candidates_search(queryset, text=term)
        if term.isdigit() and len(term) <= 18:
            return queryset.filter(Q(telegram_id=int(term)) | Q(pk__in=found.values("pk"))), False
        if full_text_supported() and ORDER_VAR not in request.GET:
            # Best matches first unless HR sorts by a column (the list's ordering came before).
            found = found.order_by("-search_rank", "-created_at", "-pk")
        return found, False

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "status" in form.base_fields:
            form.base_fields["status"].help_text = _(
                "Saving a new status notifies OneF and is kept in the history."
            )
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.anonymized_at:
            # Erased on request: the profile must not be filled in again by hand.
            return [*self.readonly_fields, "name", "surname", "email", "phone", "dob", "telegram_id"]
        return self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj: Candidate) -> str:
        return status_badge(obj.status, obj.get_status_display())

    @admin.display(description=_("vacancy"), ordering="latest_vacancy")
    def vacancy(self, obj: Candidate) -> str:
        return obj.latest_vacancy or "—"

    @admin.display(description=_("AI comment"))
    def ai_comment_text(self, obj: Candidate) -> str:
        """The stored comment (English, as OneF gets it), in the reader's language when it can be."""
        latest = obj.ai_analyses.select_related("application__vacancy").first()
        if latest is not None and latest.comment == obj.ai_comment:
            return analysis_comment(latest)
        return obj.ai_comment

    @admin.display(description=_("phone"), ordering="phone")
    def phone_number(self, obj: Candidate) -> str:
        return obj.phone_display

    @admin.display(description=_("unread"), ordering="unread_count")
    def unread(self, obj: Candidate) -> str:
        if not obj.unread_count:
            return ""
        return format_html(
            '<span class="unread-badge" style="background:#ba2121;color:#fff;padding:1px 7px;'
            'border-radius:10px;font-weight:600">{}</span>',
            obj.unread_count,
        )

    # Saving the form --------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.candidate_create(
                **{
                    f: form.cleaned_data.get(f)
                    for f in ("name", "surname", "email", "phone", "dob", "telegram_id")
                }
            )
            obj.pk, obj.fullname, obj._state = created.pk, created.fullname, created._state
            obj.created_at, obj.updated_at, obj.status = (
                created.created_at,
                created.updated_at,
                created.status,
            )
            return
        # Status changes go through the service so the change is announced exactly once.
        new_status = obj.status
        old_status = form.initial["status"]
        if "status" in form.changed_data:
            obj.status = old_status
        super().save_model(request, obj, form, change)
        services.candidate_status_change(candidate=obj, status=new_status, actor=request.user)

    def construct_change_message(self, request, form, formsets, add=False):
        # The status change has its own history entry with the old and new value.
        message = super().construct_change_message(request, form, formsets, add)
        for entry in message:
            fields = entry.get("changed", {}).get("fields")
            if fields:
                entry["changed"]["fields"] = [f for f in fields if f != form.fields["status"].label]
        return [e for e in message if e.get("changed", {}).get("fields", True)]

    def log_change(self, request, obj, message):
        if not message:
            return None  # a save that only changed the status: the history has it already
        return super().log_change(request, obj, message)
