"""The back-office's "Publish on hh.ru" form of one vacancy: hh's required fields filled from hh's
dictionaries (defaults from HH_DEFAULT_* settings), published at once or kept as a draft there. hh's
refusals come back on the form, field by field, with everything HR typed kept. Thin: the rules are in
job_boards.services.publishing."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.models import Vacancy
from job_boards import selectors
from job_boards.hh.client import HHError
from job_boards.models import ConnectionState
from job_boards.services import dictionaries, publishing

CHOICE_FIELDS = {  # form field -> hh's dictionary (GET /dictionaries)
    "billing_type": "vacancy_billing_type",
    "vacancy_type": "vacancy_type",
    "employment": "employment",
    "schedule": "schedule",
    "experience": "experience",
    "currency": "currency",
}


class PublishForm(forms.Form):
    name = forms.CharField(max_length=200, label=gettext_lazy("Title on hh.ru"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        label=gettext_lazy("Description (HTML)"),
        help_text=gettext_lazy("hh.ru wants at least 200 characters, without email addresses."),
    )
    area_id = forms.RegexField(
        regex=r"^\d{1,10}$",
        label=gettext_lazy("Area ID on hh.ru"),
        error_messages={"invalid": gettext_lazy("An hh.ru area ID is a number, such as 1 for Moscow.")},
    )
    professional_role_id = forms.ChoiceField(label=gettext_lazy("Professional role"))
    billing_type = forms.ChoiceField(label=gettext_lazy("Billing type"))
    vacancy_type = forms.ChoiceField(label=gettext_lazy("Vacancy type"))
    employment = forms.ChoiceField(label=gettext_lazy("Employment"))
    schedule = forms.ChoiceField(label=gettext_lazy("Schedule"))
    experience = forms.ChoiceField(label=gettext_lazy("Experience"))
    salary_from = forms.IntegerField(min_value=0, required=False, label=gettext_lazy("Salary from"))
    salary_to = forms.IntegerField(min_value=0, required=False, label=gettext_lazy("Salary to"))
    currency = forms.ChoiceField(label=gettext_lazy("Currency"))
    salary_gross = forms.BooleanField(required=False, label=gettext_lazy("Salary before tax"))
    ignore_duplicates = forms.BooleanField(
        required=False, label=gettext_lazy("Publish even if hh.ru finds a similar vacancy")
    )

    def __init__(self, *args, choices: dictionaries.Dictionaries | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        initial = {**self.initial, **(self.data.dict() if self.data else {})}
        for name, key in CHOICE_FIELDS.items():
            self.fields[name].choices = _with_current(
                (choices.lists.get(key) if choices else None), initial, name
            )
        roles = choices.roles if choices and choices.roles else []
        self.fields["professional_role_id"].choices = roles or _with_current(
            None, initial, "professional_role_id"
        )

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("salary_from"), data.get("salary_to")
        if low is not None and high is not None and low > high:
            self.add_error("salary_to", _("The upper bound must not be below the lower one."))
        return data

    def fields_for_hh(self) -> publishing.PublishFields:
        data = {k: v for k, v in self.cleaned_data.items() if k != "ignore_duplicates"}
        return publishing.PublishFields(**data)


def _with_current(pairs: list | None, initial: dict, name: str) -> list:
    """hh's list, or (when hh.ru could not give it) the current value alone, so the form still works."""
    if pairs:
        return pairs
    value = str(initial.get(name) or "")
    return [(value, value)] if value else []


def _initial(vacancy: Vacancy) -> dict:
    link = selectors.hh_link_of(vacancy=vacancy)
    return {**publishing.hh_publish_initial(vacancy=vacancy), **(link.published_with if link else {})}


def _choices(request: HttpRequest) -> dictionaries.Dictionaries | None:
    try:
        return dictionaries.hh_dictionaries()
    except HHError as error:
        messages.warning(
            request,
            _("hh.ru's lists could not be read (%(error)s); type the IDs.") % {"error": error.message},
        )
        return None


def publish_view(site, request: HttpRequest, vacancy_id: int) -> HttpResponse:
    if not request.user.has_perm("candidates.change_vacancy"):
        raise PermissionDenied
    vacancy = get_object_or_404(Vacancy, pk=vacancy_id)
    back = HttpResponseRedirect(reverse("admin:hh-setup"))
    if not settings.HH_ENABLED or selectors.hh_connection().state != ConnectionState.CONNECTED:
        messages.error(request, _("Connect to hh.ru first."))
        return back
    choices = _choices(request)
    if request.method != "POST":
        form = PublishForm(initial=_initial(vacancy), choices=choices)
        return _render(site, request, vacancy, form)
    form = PublishForm(request.POST, choices=choices)
    if not form.is_valid():
        return _render(site, request, vacancy, form)
    draft = request.POST.get("action") == "draft"
    try:
        link = publishing.hh_vacancy_publish(
            vacancy=vacancy,
            fields=form.fields_for_hh(),
            draft=draft,
            ignore_duplicates=form.cleaned_data["ignore_duplicates"],
        )
    except publishing.HHPublishError as error:
        for field, texts in error.field_errors.items():
            for text in texts:
                form.add_error(field or None, text)
        return _render(site, request, vacancy, form)
    except HHError as error:  # not connected, a paid method, hh.ru busy: said above the form
        form.add_error(None, error.message)
        return _render(site, request, vacancy, form)
    text = (
        _("“%(vacancy)s”: draft %(id)s saved on hh.ru.")
        if draft
        else _("“%(vacancy)s”: published on hh.ru as %(id)s.")
    )
    ident = link.hh_draft_id if draft else link.hh_vacancy_id
    messages.success(request, text % {"vacancy": vacancy.name, "id": ident})
    return back


def _render(site, request: HttpRequest, vacancy: Vacancy, form: PublishForm) -> HttpResponse:
    area_name = ""
    area_id = form.data.get("area_id") if form.is_bound else form.initial.get("area_id")
    if area_id and str(area_id).isdigit():
        try:
            area_name = dictionaries.hh_area_name(area_id=str(area_id))
        except HHError:
            area_name = ""
    context = {
        **site.each_context(request),
        "title": _("Publish “%(vacancy)s” on hh.ru") % {"vacancy": vacancy.name},
        "vacancy": vacancy,
        "form": form,
        "area_name": area_name,
        "link": selectors.hh_link_of(vacancy=vacancy),
    }
    return TemplateResponse(request, "admin/hh/publish.html", context)
