"""The public careers page: published vacancies, one page per vacancy, and the web application form."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from candidates.consent import policy_text
from candidates.models import VacancySource
from candidates.services import ApplicationAlreadyExists
from careers import selectors
from careers.forms import ApplyForm
from careers.limits import SUBMISSIONS
from careers.services import WebApplicant, web_application_submit
from messaging.identity import bot_start_link

PAGE_SIZE = 20


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "careers/gone.html", status=404)


@require_GET
def vacancy_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    source = request.GET.get("source", "")
    vacancies = selectors.published_vacancies(query=query, source=source)
    page = Paginator(vacancies, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = urlencode({key: value for key, value in (("q", query), ("source", source)) if value})
    context = {
        "page": page,
        "vacancies": page.object_list,
        "query": query,
        "source": source,
        "sources": VacancySource.choices,
        "filters": filters,
    }
    return render(request, "careers/list.html", context)


def _detail(
    request: HttpRequest, vacancy, form: ApplyForm, status: int = 200, notice: str = ""
) -> HttpResponse:
    context = {
        "vacancy": vacancy,
        "form": form,
        "telegram_link": bot_start_link(f"v{vacancy.id}"),
        "policy_text": policy_text(),
        "policy_url": settings.DATA_POLICY_URL,
        "page_url": settings.PUBLIC_BASE_URL.rstrip("/") + reverse("careers:detail", args=[vacancy.id]),
        "notice": notice,
    }
    return render(request, "careers/detail.html", context, status=status)


@require_GET
def vacancy_detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = selectors.published_vacancy(vacancy_id=vacancy_id)
    if vacancy is None:
        return _gone(request)
    return _detail(request, vacancy, ApplyForm())


@require_POST
def vacancy_apply(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = selectors.published_vacancy(vacancy_id=vacancy_id)
    if vacancy is None:
        return _gone(request)
    retry_after = SUBMISSIONS.retry_after(request)
    if retry_after is not None:
        notice = _("Too many applications from your network. Please try again in %(minutes)s minutes.") % {
            "minutes": max(retry_after // 60, 1)
        }
        kept = {name: request.POST.get(name, "") for name in ("name", "surname", "email", "phone", "dob")}
        response = _detail(request, vacancy, ApplyForm(initial=kept), status=429, notice=notice)
        response["Retry-After"] = str(retry_after)
        return response
    form = ApplyForm(request.POST, request.FILES)
    if form.is_bot:
        SUBMISSIONS.count(request)
        notice = _("Your application looks automated and was not sent. Please leave the hidden field empty.")
        return _detail(request, vacancy, ApplyForm(), status=400, notice=notice)
    if not form.is_valid():
        return _detail(request, vacancy, form, status=400)
    data = form.cleaned_data
    applicant = WebApplicant(
        name=data["name"],
        surname=data["surname"],
        email=data["email"],
        phone=data["phone"],
        dob=data["dob"],
        language=(get_language() or "")[:2],
    )
    SUBMISSIONS.count(request)
    try:
        web_application_submit(
            vacancy=vacancy, applicant=applicant, cv_content=data["cv"].read(), cv_filename=data["cv"].name
        )
    except ApplicationAlreadyExists:
        # The same answer as for a new application: the page must not tell whether an email or phone
        # someone typed has applied already (careers/services.py). Nothing new is stored.
        return redirect("careers:applied", vacancy_id=vacancy.id)
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
        return _detail(request, vacancy, form, status=400)
    return redirect("careers:applied", vacancy_id=vacancy.id)


@require_GET
def vacancy_applied(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = selectors.published_vacancy(vacancy_id=vacancy_id)
    if vacancy is None:
        return _gone(request)
    return render(
        request,
        "careers/applied.html",
        {"vacancy": vacancy, "telegram_link": bot_start_link(f"v{vacancy.id}")},
    )
