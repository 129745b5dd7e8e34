"""The HR back-office. Admin classes stay thin: every write goes through a service, so the
webhooks and the audit trail follow whatever HR does here."""

import csv
import datetime as dt
import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from candidates import selectors, services
from candidates.admin_login import rate_limited_login
from candidates.admin_screening import run_ai_analysis, screening_admin_urls
from candidates.audit import audit_entries, audit_record
from candidates.models import AIAnalysis, Application, Candidate, CandidateStatus, Grade, Vacancy
from messaging import selectors as messaging_selectors
from messaging import services as messaging_services
from tests_app import services as test_services
from tests_app.models import Test

admin.site.login = rate_limited_login(admin.site.login)
admin.site.site_header = "Recruitment back-office"
admin.site.site_title = "Recruitment back-office"
admin.site.index_title = "Dashboard"

STATUS_COLOURS = {
    CandidateStatus.NEW: "#417690",
    CandidateStatus.REVIEWING: "#8a6d00",
    CandidateStatus.TEST_ASSIGNED: "#6f42c1",
    CandidateStatus.TEST_COMPLETED: "#0b7285",
    CandidateStatus.INTERVIEW: "#d9480f",
    CandidateStatus.ACCEPTED: "#2b8a3e",
    CandidateStatus.REJECTED: "#868e96",
}
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def status_badge(status: str, label: str) -> str:
    return format_html(
        '<span class="status-badge" data-status="{}" style="background:{};color:#fff;padding:2px 8px;'
        'border-radius:10px;font-size:.85em;white-space:nowrap">{}</span>',
        status,
        STATUS_COLOURS.get(status, "#666"),
        label,
    )


def csv_safe(value: object) -> str:
    """Spreadsheet apps run cells that look like formulas; a leading quote keeps them text."""
    text = "" if value is None else str(value)
    if text.startswith(CSV_FORMULA_PREFIXES) and not text[1:].replace(" ", "").isdigit():
        return "'" + text
    return text


def validation_message(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- List filters --------------------------------------------------------------------------------


class VacancyFilter(admin.SimpleListFilter):
    title = "vacancy"
    parameter_name = "vacancy"

    def lookups(self, request, model_admin):
        return [(str(v.pk), v.name) for v in Vacancy.objects.only("id", "name")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(
                Exists(Application.objects.filter(candidate=OuterRef("pk"), vacancy_id=int(self.value())))
            )
        return queryset


class AiRatingBandFilter(admin.SimpleListFilter):
    title = "AI rating"
    parameter_name = "ai_band"
    BANDS = {"high": (70, 100), "medium": (40, 69), "low": (0, 39)}

    def lookups(self, request, model_admin):
        return [
            ("high", "High (70-100)"),
            ("medium", "Medium (40-69)"),
            ("low", "Low (0-39)"),
            ("none", "Not rated"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(ai_rating__isnull=True)
        if self.value() in self.BANDS:
            low, high = self.BANDS[self.value()]
            return queryset.filter(ai_rating__gte=low, ai_rating__lte=high)
        return queryset


class HasUnreadFilter(admin.SimpleListFilter):
    title = "unread messages"
    parameter_name = "has_unread"

    def lookups(self, request, model_admin):
        return [("yes", "Has unread messages"), ("no", "All read")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(unread_count__gt=0)
        if self.value() == "no":
            return queryset.filter(unread_count=0)
        return queryset


class AppliedWithinFilter(admin.SimpleListFilter):
    title = "applied in the last"
    parameter_name = "applied_within"

    def lookups(self, request, model_admin):
        return [("1", "24 hours"), ("7", "7 days"), ("30", "30 days"), ("90", "90 days")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            since = timezone.now() - dt.timedelta(days=int(self.value()))
            return queryset.filter(
                Exists(Application.objects.filter(candidate=OuterRef("pk"), applied_at__gte=since))
            )
        return queryset


# --- Forms of the intermediate pages and the candidate page --------------------------------------


class InviteToTestForm(forms.Form):
    test = forms.ModelChoiceField(queryset=Test.objects.filter(is_active=True), empty_label=None)
    expires_in_hours = forms.IntegerField(
        min_value=1,
        max_value=test_services.MAX_INVITATION_HOURS,
        initial=48,
        help_text="How long the invitation link stays valid.",
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=messaging_services.TELEGRAM_MAX_TEXT
    )


class GradeForm(forms.Form):
    value = forms.IntegerField(min_value=0, max_value=100)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


# --- Candidates ----------------------------------------------------------------------------------


class ApplicationInline(admin.TabularInline):
    model = Application
    extra = 0
    fields = ["vacancy", "applied_at", "screened_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # applications come from the bot, the API or the application admin (its service)


def _set_status_action(status: str, label: str):
    def action(modeladmin: "CandidateAdmin", request: HttpRequest, queryset: QuerySet[Candidate]) -> None:
        changed = 0
        for candidate in queryset:
            old = candidate.status
            if services.candidate_status_change(candidate=candidate, status=status, actor=request.user):
                audit_record(user=request.user, candidate=candidate, message=f"Status: {old} → {status}")
                changed += 1
        unchanged = len(queryset) - changed
        text = f"{changed} candidate(s) moved to “{label}”."
        if unchanged:
            text += f" {unchanged} already had that status."
        modeladmin.message_user(request, text, messages.SUCCESS)

    action.__name__ = f"set_status_{status}"
    return admin.action(description=f"Set status: {label}", permissions=["change"])(action)


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["fullname", "status_label", "ai_rating", "vacancy", "unread", "email", "created_at"]
    list_display_links = ["fullname"]
    list_filter = [
        "status",
        VacancyFilter,
        AiRatingBandFilter,
        HasUnreadFilter,
        AppliedWithinFilter,
        "created_at",
    ]
    search_fields = ["fullname", "email", "phone", "=telegram_id"]
    search_help_text = "Name, email, phone or exact Telegram id."
    readonly_fields = [
        "id",
        "ai_rating",
        "ai_comment",
        "cv_filename",
        "anonymized_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        ("Hiring", {"fields": ["status", "ai_rating", "ai_comment"]}),
        ("Profile", {"fields": ["name", "surname", "email", "phone", "dob", "telegram_id"]}),
        ("Record", {"fields": ["id", "cv_filename", "anonymized_at", "created_at", "updated_at"]}),
    ]
    add_fieldsets = [("Profile", {"fields": ["name", "surname", "email", "phone", "dob", "telegram_id"]})]
    inlines = [ApplicationInline]
    list_per_page = 50
    actions = [
        *(_set_status_action(status, label) for status, label in CandidateStatus.choices),
        run_ai_analysis,
        "invite_to_test",
        "share_latest_grade",
        "export_csv",
        "anonymize",
    ]
    change_form_template = "admin/candidates/candidate/change_form.html"

    def get_queryset(self, request):
        latest_vacancy = Application.objects.filter(candidate=OuterRef("pk")).order_by("-applied_at")
        return messaging_selectors.candidates_with_unread_count(super().get_queryset(request)).annotate(
            latest_vacancy=Subquery(latest_vacancy.values("vacancy__name")[:1])
        )

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "status" in form.base_fields:
            form.base_fields[
                "status"
            ].help_text = "Saving a new status notifies OneF and is kept in the audit log."
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.anonymized_at:
            # Erased on request: the profile must not be filled in again by hand.
            return [*self.readonly_fields, "name", "surname", "email", "phone", "dob", "telegram_id"]
        return self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description="status", ordering="status")
    def status_label(self, obj: Candidate) -> str:
        return status_badge(obj.status, obj.get_status_display())

    @admin.display(description="vacancy", ordering="latest_vacancy")
    def vacancy(self, obj: Candidate) -> str:
        return obj.latest_vacancy or "—"

    @admin.display(description="unread", ordering="unread_count")
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
        if services.candidate_status_change(candidate=obj, status=new_status, actor=request.user):
            audit_record(user=request.user, candidate=obj, message=f"Status: {old_status} → {new_status}")

    def construct_change_message(self, request, form, formsets, add=False):
        # The status change has its own audit entry with the old and new value.
        message = super().construct_change_message(request, form, formsets, add)
        for entry in message:
            fields = entry.get("changed", {}).get("fields")
            if fields:
                entry["changed"]["fields"] = [f for f in fields if f != form.fields["status"].label]
        return [e for e in message if e.get("changed", {}).get("fields", True)]

    def log_change(self, request, obj, message):
        if not message:
            return None  # a save that only changed the status: its audit entry is already written
        return super().log_change(request, obj, message)

    # The candidate page ----------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        candidate = self.get_object(request, object_id)
        if candidate is not None and self.has_view_or_change_permission(request, candidate):
            if request.method == "GET":
                messaging_services.messages_mark_read(candidate=candidate)
            extra_context = {**(extra_context or {}), **self.candidate_panels(request, candidate)}
        return super().change_view(request, object_id, form_url, extra_context)

    def candidate_panels(self, request: HttpRequest, candidate: Candidate) -> dict:
        user = request.user
        return {
            "thread": list(messaging_selectors.conversation(candidate=candidate).select_related("sent_by")),
            "reply_form": ReplyForm(),
            "can_reply": user.has_perm("messaging.add_message")
            and self.has_change_permission(request, candidate),
            "telegram_configured": bool(settings.TELEGRAM_BOT_TOKEN),
            "grades": list(candidate.grades.select_related("created_by", "shared_by")),
            "grade_form": GradeForm(),
            "can_add_grade": user.has_perm("candidates.add_grade"),
            "can_share_grade": user.has_perm("candidates.change_grade"),
            "attempts": list(candidate.attempts.select_related("test")),
            "can_view_attempts": user.has_perm("tests_app.view_attempt"),
            "analyses": list(candidate.ai_analyses.select_related("application__vacancy")),
            "audit": list(audit_entries(candidate=candidate)[:100]),
            "can_change": self.has_change_permission(request, candidate),
        }

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            *screening_admin_urls(),  # before the object URLs, which would swallow them
            path(
                "<path:object_id>/reply/",
                view(require_POST(self.reply_view)),
                name="candidates_candidate_reply",
            ),
            path(
                "<path:object_id>/grades/add/",
                view(require_POST(self.grade_add_view)),
                name="candidates_candidate_grade_add",
            ),
            path(
                "<path:object_id>/grades/<int:grade_id>/share/",
                view(require_POST(self.grade_share_view)),
                name="candidates_candidate_grade_share",
            ),
            path("<path:object_id>/cv/", view(self.cv_view), name="candidates_candidate_cv"),
            path("<path:object_id>/export/", view(self.export_view), name="candidates_candidate_export"),
            path(
                "<path:object_id>/anonymize/",
                view(self.anonymize_view),
                name="candidates_candidate_anonymize",
            ),
            *super().get_urls(),
        ]

    def _candidate_or_404(self, request: HttpRequest, object_id: str, *, change: bool = False) -> Candidate:
        candidate = self.get_object(request, object_id)
        if candidate is None:
            raise Http404("No such candidate.")
        allowed = (
            self.has_change_permission(request, candidate)
            if change
            else self.has_view_or_change_permission(request, candidate)
        )
        if not allowed:
            raise PermissionDenied
        return candidate

    def _back_to(self, candidate: Candidate, anchor: str) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:candidates_candidate_change", args=[candidate.pk]) + anchor
        )

    def reply_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id, change=True)
        if not request.user.has_perm("messaging.add_message"):
            raise PermissionDenied
        form = ReplyForm(request.POST)
        if not form.is_valid():
            self.message_user(request, f"The message was not sent: {form.errors.as_text()}", messages.ERROR)
            return self._back_to(candidate, "#chat")
        try:
            messaging_services.message_send(
                candidate=candidate, text=form.cleaned_data["text"], sent_by=request.user
            )
        except ValidationError as error:
            self.message_user(
                request, f"The message was not sent: {validation_message(error)}", messages.ERROR
            )
            return self._back_to(candidate, "#chat")
        audit_record(user=request.user, candidate=candidate, message="Sent a Telegram message")
        if settings.TELEGRAM_BOT_TOKEN:
            self.message_user(request, "Message queued for delivery through Telegram.", messages.SUCCESS)
        else:
            self.message_user(
                request,
                "Message saved, but the Telegram bot is not configured: it stays queued until it is.",
                messages.WARNING,
            )
        return self._back_to(candidate, "#chat")

    def grade_add_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id)
        if not request.user.has_perm("candidates.add_grade"):
            raise PermissionDenied
        form = GradeForm(request.POST)
        if not form.is_valid():
            self.message_user(request, f"The grade was not added: {form.errors.as_text()}", messages.ERROR)
            return self._back_to(candidate, "#grades")
        grade = services.grade_create(
            candidate=candidate,
            value=form.cleaned_data["value"],
            comment=form.cleaned_data["comment"],
            created_by=request.user,
        )
        audit_record(user=request.user, candidate=candidate, message=f"Added grade {grade.value}")
        self.message_user(
            request, f"Grade {grade.value} added. Share it with OneF when ready.", messages.SUCCESS
        )
        return self._back_to(candidate, "#grades")

    def grade_share_view(self, request: HttpRequest, object_id: str, grade_id: int) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id)
        if not request.user.has_perm("candidates.change_grade"):
            raise PermissionDenied
        grade = get_object_or_404(Grade, pk=grade_id, candidate=candidate)
        services.grade_share(grade=grade, shared_by=request.user)
        audit_record(user=request.user, candidate=candidate, message=f"Shared grade {grade.value} with OneF")
        self.message_user(request, f"Grade {grade.value} shared with OneF.", messages.SUCCESS)
        return self._back_to(candidate, "#grades")

    def cv_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id)
        if not candidate.cv_file:
            raise Http404("This candidate has no CV.")
        try:
            handle = candidate.cv_file.open("rb")
        except FileNotFoundError:
            raise Http404("The CV file is missing from storage.")
        return FileResponse(handle, as_attachment=True, filename=candidate.cv_filename or "cv")

    def export_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id)
        data = selectors.candidate_export(candidate=candidate)
        audit_record(user=request.user, candidate=candidate, message="Exported the personal data (JSON)")
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="candidate-{candidate.pk}.json"'
        return response

    def anonymize_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        candidate = self._candidate_or_404(request, object_id, change=True)
        if request.method == "POST":
            self._anonymize([candidate], request)
            return self._back_to(candidate, "")
        return self._anonymize_confirmation(request, [candidate])

    # Bulk actions ------------------------------------------------------------------------------

    @admin.action(description="Invite to a test…", permissions=["change"])
    def invite_to_test(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> HttpResponse | None:
        form = InviteToTestForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            test, hours = form.cleaned_data["test"], form.cleaned_data["expires_in_hours"]
            invited, failures = 0, []
            for candidate in queryset:
                try:
                    test_services.attempt_invite(candidate=candidate, test=test, expires_in_hours=hours)
                except ValidationError as error:
                    failures.append(f"{candidate}: {validation_message(error)}")
                    continue
                audit_record(
                    user=request.user, candidate=candidate, message=f"Invited to the test “{test.title}”"
                )
                invited += 1
            self.message_user(
                request,
                f"{invited} candidate(s) invited to “{test.title}” ({hours} h to start).",
                messages.SUCCESS,
            )
            for failure in failures:
                self.message_user(request, f"Not invited: {failure}", messages.ERROR)
            return None
        if not Test.objects.filter(is_active=True).exists():
            self.message_user(
                request, "There is no active test to invite to: create or activate one first.", messages.ERROR
            )
            return None
        return TemplateResponse(
            request,
            "admin/candidates/candidate/invite_to_test.html",
            {
                **self.admin_site.each_context(request),
                "title": "Invite to a test",
                "opts": self.model._meta,
                "form": form,
                "candidates": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def has_share_grade_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("candidates.change_grade")

    @admin.action(description="Share the latest grade with OneF", permissions=["share_grade"])
    def share_latest_grade(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> None:
        shared, without = 0, []
        for candidate in queryset:
            grade = candidate.grades.order_by("-created_at", "-id").first()
            if grade is None:
                without.append(str(candidate))
                continue
            services.grade_share(grade=grade, shared_by=request.user)
            audit_record(
                user=request.user, candidate=candidate, message=f"Shared grade {grade.value} with OneF"
            )
            shared += 1
        self.message_user(request, f"{shared} grade(s) shared with OneF.", messages.SUCCESS)
        if without:
            self.message_user(request, f"No grade to share yet: {', '.join(without)}.", messages.WARNING)

    @admin.action(description="Export the selection as CSV", permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="candidates-{timezone.now():%Y%m%d-%H%M}.csv"'
        )
        writer = csv.writer(response)
        columns = ["id", "name", "surname", "email", "phone", "telegram_id", "status", "ai_rating"]
        writer.writerow([*columns, "vacancy", "unread_messages", "created_at"])
        for candidate in queryset.order_by("-created_at"):
            writer.writerow(
                [csv_safe(getattr(candidate, column)) for column in columns]
                + [
                    csv_safe(candidate.latest_vacancy),
                    candidate.unread_count,
                    candidate.created_at.isoformat(),
                ]
            )
        return response

    @admin.action(description="Anonymise (erase personal data)…", permissions=["change"])
    def anonymize(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> HttpResponse | None:
        if "confirm" in request.POST:
            self._anonymize(list(queryset), request)
            return None
        return self._anonymize_confirmation(request, list(queryset))

    def _anonymize(self, candidates: list[Candidate], request: HttpRequest) -> None:
        done = sum(services.candidate_anonymize(candidate=c, actor=request.user) for c in candidates)
        self.message_user(request, f"{done} candidate(s) anonymised.", messages.SUCCESS)
        if done < len(candidates):
            self.message_user(request, f"{len(candidates) - done} already were.", messages.INFO)

    def _anonymize_confirmation(self, request: HttpRequest, candidates: list[Candidate]) -> TemplateResponse:
        return TemplateResponse(
            request,
            "admin/candidates/candidate/anonymize_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": "Anonymise candidates",
                "opts": self.model._meta,
                "candidates": candidates,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "from_action": "action" in request.POST,
            },
        )


# --- Vacancies -----------------------------------------------------------------------------------


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "source",
        "is_published",
        "applications_total",
        "applications_by_status",
        "updated_at",
    ]
    list_filter = ["source", "is_published"]
    search_fields = ["name", "description", "requirements"]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        per_status = {
            f"n_{status}": Count("applications", filter=Q(applications__candidate__status=status))
            for status in CandidateStatus.values
        }
        return super().get_queryset(request).annotate(n_applications=Count("applications"), **per_status)

    @admin.display(description="applications", ordering="n_applications")
    def applications_total(self, obj: Vacancy) -> str:
        url = reverse("admin:candidates_candidate_changelist") + f"?vacancy={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.n_applications)

    @admin.display(description="applicants by status")
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

    @admin.action(description="Publish (open for applications)", permissions=["change"])
    def publish(self, request, queryset):
        count = services.vacancies_set_published(vacancies=queryset, is_published=True)
        self.message_user(request, f"{count} vacancy(ies) published.", messages.SUCCESS)

    @admin.action(description="Unpublish (close for applications)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = services.vacancies_set_published(vacancies=queryset, is_published=False)
        self.message_user(request, f"{count} vacancy(ies) unpublished.", messages.SUCCESS)


# --- Applications, analyses, grades --------------------------------------------------------------


class ApplicationAddForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["candidate", "vacancy"]

    def clean_vacancy(self):
        vacancy = self.cleaned_data["vacancy"]
        if not vacancy.is_published:
            raise ValidationError("This vacancy is not open for applications: publish it first.")
        return vacancy


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "vacancy", "applied_at", "screened_at"]
    list_filter = ["vacancy", "applied_at"]
    search_fields = ["candidate__fullname", "candidate__email", "vacancy__name"]
    list_select_related = ["candidate", "vacancy"]
    raw_id_fields = ["candidate"]
    readonly_fields = ["candidate", "vacancy", "applied_at", "screened_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApplicationAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return ["candidate", "vacancy"] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing about an application is edited by hand
        created = services.application_create(candidate=obj.candidate, vacancy=obj.vacancy)
        obj.pk, obj._state, obj.applied_at = created.pk, created._state, created.applied_at


@admin.register(AIAnalysis)
class AIAnalysisAdmin(admin.ModelAdmin):
    list_display = ["candidate", "backend", "model", "rating", "duration_ms", "created_at"]
    list_filter = ["backend", "created_at"]
    search_fields = ["candidate__fullname", "comment"]
    list_select_related = ["candidate"]
    raw_id_fields = ["candidate", "application"]
    readonly_fields = ["breakdown_table"]

    @admin.display(description="breakdown")
    def breakdown_table(self, obj: AIAnalysis) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.breakdown, indent=2, ensure_ascii=False))


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["candidate", "value", "shared_at", "shared_by", "created_by", "created_at"]
    list_filter = ["shared_at"]
    search_fields = ["candidate__fullname", "comment"]
    list_select_related = ["candidate", "shared_by", "created_by"]
    raw_id_fields = ["candidate"]
    readonly_fields = ["shared_at", "shared_by", "created_by"]
    actions = ["share_with_onef"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.grade_create(
            candidate=obj.candidate, value=obj.value, comment=obj.comment, created_by=request.user
        )
        obj.pk, obj._state, obj.created_by = created.pk, created._state, created.created_by
        audit_record(user=request.user, candidate=obj.candidate, message=f"Added grade {obj.value}")

    @admin.action(description="Share with OneF", permissions=["change"])
    def share_with_onef(self, request, queryset):
        for grade in queryset.select_related("candidate"):
            services.grade_share(grade=grade, shared_by=request.user)
            audit_record(
                user=request.user, candidate=grade.candidate, message=f"Shared grade {grade.value} with OneF"
            )
        self.message_user(request, f"{len(queryset)} grade(s) shared with OneF.", messages.SUCCESS)
