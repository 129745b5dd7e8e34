"""Duplicates on the candidate page: the "Possible duplicates" panel, the merge confirmation page,
the undo, and the stub a merge left redirecting to the candidate it joined."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from backoffice.admin.display import validation_message
from candidates import merge_selectors, services
from candidates.models import Application, Candidate, CandidateMerge

MERGE_PERMISSION = "candidates.merge_candidate"


def candidate_url(candidate_id, anchor: str = "") -> str:
    return reverse("admin:candidates_candidate_change", args=[candidate_id]) + anchor


class CandidateMergeMixin:
    """Mixed into CandidateAdmin first: stubs are hidden from the list and redirect."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(merged_into__isnull=True)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        kept = Candidate.objects.filter(pk=self._uuid_or_none(object_id)).values_list(
            "merged_into", flat=True
        )
        if kept and kept[0] is not None:
            self.message_user(request, _("This record was merged into this candidate."), messages.INFO)
            return HttpResponseRedirect(candidate_url(kept[0]))
        candidate = self.get_object(request, object_id)
        if candidate is not None:
            extra_context = {**(extra_context or {}), **self.duplicates_context(request, candidate)}
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _uuid_or_none(object_id: str):
        try:
            return Candidate._meta.pk.to_python(object_id)
        except ValidationError:
            return None

    def duplicates_context(self, request: HttpRequest, candidate: Candidate) -> dict:
        can_merge = request.user.has_perm(MERGE_PERMISSION)
        latest = merge_selectors.merge_latest_undoable(candidate=candidate) if can_merge else None
        return {
            "duplicates": merge_selectors.duplicates_of(candidate=candidate),
            "can_merge": can_merge,
            "undoable_merge": latest,
        }

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "merges/<int:merge_id>/undo/",
                view(self.merge_undo_view),
                name="candidates_candidate_merge_undo",
            ),
            path(
                "<path:object_id>/merge/<uuid:other_id>/",
                view(self.merge_view),
                name="candidates_candidate_merge",
            ),
            *super().get_urls(),
        ]

    def _merge_pair(self, request: HttpRequest, object_id: str, other_id) -> tuple[Candidate, Candidate]:
        if not request.user.has_perm(MERGE_PERMISSION):
            raise PermissionDenied
        kept = self.get_object(request, object_id)
        merged = self.get_queryset(request).filter(pk=other_id).first()
        if kept is None or merged is None:
            raise Http404(_("No such candidate."))
        return kept, merged

    def merge_view(self, request: HttpRequest, object_id: str, other_id) -> HttpResponse:
        """GET: both records side by side and what will happen; POST: merge `other_id` into this one."""
        kept, merged = self._merge_pair(request, object_id, other_id)
        error = ""
        if request.method == "POST":
            try:
                services.candidate_merge(kept=kept, merged=merged, actor=request.user)
            except ValidationError as exc:
                error = validation_message(exc)
            else:
                self.message_user(
                    request,
                    _("Merged “%(merged)s” into this candidate. You can undo it within a day.")
                    % {"merged": merged},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(candidate_url(kept.pk, "#history"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge duplicate candidates"),
            "opts": self.model._meta,
            "kept": kept,
            "merged": merged,
            "rows": merge_comparison(kept, merged),
            "counts": merge_counts(kept, merged),
            "joined_vacancies": merge_joined_vacancies(kept, merged),
            "error": error,
        }
        return TemplateResponse(request, "admin/candidates/candidate/merge_confirmation.html", context)

    def merge_undo_view(self, request: HttpRequest, merge_id: int) -> HttpResponse:
        if not request.user.has_perm(MERGE_PERMISSION):
            raise PermissionDenied
        merge = get_object_or_404(CandidateMerge.objects.select_related("kept", "merged"), pk=merge_id)
        if request.method != "POST":
            return HttpResponseRedirect(candidate_url(merge.kept_id, "#duplicates"))
        try:
            services.candidate_merge_undo(merge=merge, actor=request.user)
        except ValidationError as exc:
            self.message_user(request, validation_message(exc), messages.ERROR)
        else:
            self.message_user(
                request,
                _("The merge was undone: “%(merged)s” is a candidate again.") % {"merged": merge.merged},
            )
        return HttpResponseRedirect(candidate_url(merge.kept_id, "#history"))


COMPARED = ("fullname", "email", "phone", "dob", "telegram_id", "status", "created_at")


def merge_comparison(kept: Candidate, merged: Candidate) -> list[tuple[str, object, object, bool]]:
    """(label, kept's value, merged's value, whether the kept one takes the merged value) per field."""
    rows = []
    for name in COMPARED:
        field = Candidate._meta.get_field(name)
        kept_value, merged_value = getattr(kept, name), getattr(merged, name)
        if name == "status":
            kept_value, merged_value = kept.get_status_display(), merged.get_status_display()
        if name == "phone":
            kept_value, merged_value = kept.phone_display, merged.phone_display
        fills = name in (*services.MERGE_FILLABLE, "telegram_id") and not kept_value and bool(merged_value)
        rows.append((str(field.verbose_name), kept_value, merged_value, fills))
    return rows


def merge_counts(kept: Candidate, merged: Candidate) -> list[tuple[str, int]]:
    """What moves from the merged record: each kind of row with its count (only the non-empty)."""
    counts = []
    for _key, model, field in services.candidate_relations():
        number = model._base_manager.filter(**{field: merged}).count()
        if number:
            counts.append((str(model._meta.verbose_name_plural), number))
    return counts


def merge_joined_vacancies(kept: Candidate, merged: Candidate) -> list[str]:
    """The vacancies both applied to: the merged record's application joins the kept one's."""
    both = Application.objects.filter(candidate=kept, vacancy__applications__candidate=merged)
    return sorted(both.values_list("vacancy__name", flat=True))
