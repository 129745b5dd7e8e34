"""The candidate list's bulk action "Run AI analysis (with progress)" and its progress page.

CandidateAdmin lists `screening_admin_urls()` *before* its own object URLs, which would otherwise
shadow them.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from candidates.screening.job_progress import screening_job_get
from candidates.screening.jobs import screening_job_start

PROGRESS_URL_NAME = "candidates_screening_progress"
PROGRESS_DATA_URL_NAME = "candidates_screening_progress_data"
PUBLIC_FIELDS = (
    "id",
    "status",
    "total",
    "done",
    "failed",
    "failures",
    "created_at",
    "finished_at",
    "message",
)


@admin.action(description=gettext_lazy("Run AI analysis (with progress)"), permissions=["change"])
def run_ai_analysis(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    candidate_ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
    try:
        job_id = screening_job_start(candidate_ids=candidate_ids, user_id=request.user.pk)
    except ValueError as exc:
        modeladmin.message_user(request, str(exc), messages.ERROR)
        return None
    modeladmin.message_user(
        request,
        ngettext(
            "AI analysis of %(count)d candidate started.",
            "AI analysis of %(count)d candidates started.",
            len(candidate_ids),
        )
        % {"count": len(candidate_ids)},
        messages.SUCCESS,
    )
    return HttpResponseRedirect(_url(PROGRESS_URL_NAME, job_id))


def screening_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    job = screening_job_get(job_id=job_id)
    if job is None:
        raise Http404(_("No such AI analysis job (jobs are kept for 24 hours)."))
    context = {
        **admin.site.each_context(request),
        "title": _("AI analysis progress"),
        "job": job,
        "data_url": _url(PROGRESS_DATA_URL_NAME, job_id),
        "back_url": reverse("admin:candidates_candidate_changelist"),
    }
    return render(request, "admin/candidates/screening_progress.html", context)


def screening_progress_data(request: HttpRequest, job_id: str) -> JsonResponse:
    # Polled by script: answer 403 as JSON rather than redirecting to the login page.
    if not (request.user.is_active and request.user.is_staff):
        return JsonResponse({"detail": "Staff login required."}, status=403)
    job = screening_job_get(job_id=job_id)
    if job is None:
        return JsonResponse({"detail": "No such AI analysis job."}, status=404)
    return JsonResponse({field: job.get(field) for field in PUBLIC_FIELDS})


def screening_admin_urls(admin_view: Callable) -> list[URLPattern]:
    return [
        path("screening/<slug:job_id>/", admin_view(screening_progress), name=PROGRESS_URL_NAME),
        path("screening/<slug:job_id>/data/", screening_progress_data, name=PROGRESS_DATA_URL_NAME),
    ]


def _url(name: str, job_id: str) -> str:
    return reverse(f"admin:{name}", args=[job_id])
