"""The Reports page (HR with `automation.view_reports`): the four tables with their filters, and the
same report as CSV or XLSX with those filters applied."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from automation.reports import ReportFilters, report_build, report_csv, report_xlsx
from candidates.models import ApplicationSource, Vacancy

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportFilterForm(forms.Form):
    vacancy = forms.ModelChoiceField(
        queryset=Vacancy.objects.order_by("name", "id"),
        required=False,
        label=gettext_lazy("Vacancy"),
        empty_label=gettext_lazy("All vacancies"),
    )
    date_from = forms.DateField(
        required=False, label=gettext_lazy("Applied from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=gettext_lazy("Applied to"), widget=forms.DateInput(attrs={"type": "date"})
    )
    source = forms.ChoiceField(
        required=False,
        label=gettext_lazy("Source"),
        choices=[("", gettext_lazy("All sources")), *ApplicationSource.choices],
    )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data

    def filters(self) -> ReportFilters:
        data = self.cleaned_data
        vacancy = data.get("vacancy")
        return ReportFilters(
            vacancy_id=vacancy.pk if vacancy else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            source=data.get("source") or "",
        )

    def labels(self) -> dict[str, str]:
        data = self.cleaned_data
        source = data.get("source")
        return {
            str(self.fields["vacancy"].label): str(data.get("vacancy") or _("All vacancies")),
            str(self.fields["date_from"].label): str(data.get("date_from") or "—"),
            str(self.fields["date_to"].label): str(data.get("date_to") or "—"),
            str(self.fields["source"].label): str(ApplicationSource(source).label)
            if source
            else _("All sources"),
        }


def can_view_reports(request: HttpRequest) -> bool:
    return request.user.has_perm("automation.view_reports")


def reports_view(site, request: HttpRequest) -> HttpResponse:
    if not can_view_reports(request):
        raise PermissionDenied
    form = ReportFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    report = report_build(form.filters() if form.is_bound and valid else ReportFilters())
    context = {
        **site.each_context(request),
        "title": _("Reports"),
        "form": form,
        "report": report,
        "query": request.GET.urlencode() if valid else "",
    }
    return TemplateResponse(request, "admin/reports.html", context, status=200 if valid else 400)


def reports_export_view(site, request: HttpRequest, kind: str) -> HttpResponse:
    if not can_view_reports(request):
        raise PermissionDenied
    if kind not in ("csv", "xlsx"):
        raise Http404
    form = ReportFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text(), content_type="text/plain; charset=utf-8")
    report = report_build(form.filters())
    stamp = f"{timezone.localtime():%Y%m%d-%H%M}"
    if kind == "xlsx":
        response = HttpResponse(report_xlsx(report, filter_labels=form.labels()), content_type=XLSX_TYPE)
    else:
        body = "\ufeff" + report_csv(report, filter_labels=form.labels())  # Excel reads UTF-8 with the BOM
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reports-{stamp}.{kind}"'
    return response
