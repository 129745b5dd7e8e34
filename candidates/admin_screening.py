"""Admin bulk action "Run AI analysis (with progress)" and its progress page.

Wiring (in CandidateAdmin): add `run_ai_analysis` to `actions`, and put `screening_admin_urls()`
*before* `super().get_urls()` in `get_urls()` (the model admin's catch-all object URL would
otherwise shadow them). The views check staff membership themselves, so they also work when
included elsewhere.
"""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse

from candidates.screening.jobs import screening_job_get, screening_job_start

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


@admin.action(description="Run AI analysis (with progress)", permissions=["change"])
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
        request, f"AI analysis of {len(candidate_ids)} candidate(s) started.", messages.SUCCESS
    )
    return HttpResponseRedirect(_url(PROGRESS_URL_NAME, job_id))


@staff_member_required
def screening_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    job = screening_job_get(job_id=job_id)
    if job is None:
        raise Http404("No such AI analysis job (jobs are kept for 24 hours).")
    context = {
        **admin.site.each_context(request),
        "title": "AI analysis progress",
        "job": job,
        "data_url": _url(PROGRESS_DATA_URL_NAME, job_id),
        "back_url": _candidates_url(),
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


def screening_admin_urls() -> list[URLPattern]:
    return [
        path("screening/<slug:job_id>/", screening_progress, name=PROGRESS_URL_NAME),
        path("screening/<slug:job_id>/data/", screening_progress_data, name=PROGRESS_DATA_URL_NAME),
    ]


def _url(name: str, job_id: str) -> str:
    # Inside a ModelAdmin's get_urls the names live in the admin namespace; elsewhere they do not.
    try:
        return reverse(f"admin:{name}", args=[job_id])
    except NoReverseMatch:
        return reverse(name, args=[job_id])


def _candidates_url() -> str:
    try:
        return reverse("admin:candidates_candidate_changelist")
    except NoReverseMatch:
        return ""
