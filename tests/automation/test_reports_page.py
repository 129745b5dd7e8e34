"""The Reports page and its CSV and XLSX exports: HR only, the filters applied to all three, bad
filters a clear 400, Russian and English, constant queries."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from automation.models import RejectionReason
from automation.services import rejection_record
from candidates import services as candidate_services
from tests.backoffice.conftest import hr_client, hr_user
from tests.factories import ApplicationFactory, UserFactory, VacancyFactory

__all__ = ["hr_client", "hr_user"]
pytestmark = pytest.mark.django_db
PAGE = "admin:reports"


def _export(kind: str) -> str:
    return reverse("admin:reports-export", args=[kind])


@pytest.fixture
def data(vacancy):
    other = VacancyFactory(name="Data engineer")
    for source in ("telegram", "careers", "hh"):
        ApplicationFactory(vacancy=vacancy, source=source, candidate__status="new")
    rejected = ApplicationFactory(vacancy=other, source="api", candidate__status="new")
    candidate_services.application_status_change(application=rejected, status="rejected")
    rejection_record(application=rejected, reason=RejectionReason.objects.get(code="salary"))
    return vacancy, other


def test_hr_sees_the_four_reports(hr_client, data):
    response = hr_client.get(reverse(PAGE))
    assert response.status_code == 200
    body = response.content.decode()
    for key in ("time_to_fill", "time_per_stage", "source_conversion", "rejection_reasons"):
        assert f'id="report-{key}"' in body
    assert "Salary expectations" in body


def test_a_staff_user_without_the_permission_is_refused(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse(PAGE)).status_code == 403
    assert client.get(_export("csv")).status_code == 403


def test_the_csv_has_the_filters_applied(hr_client, data):
    vacancy, _other = data
    response = hr_client.get(_export("csv"), {"vacancy": vacancy.pk, "source": "careers"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Vacancy", "Python developer"] in rows and ["Source", "Careers page"] in rows
    conversion = rows.index(["Source conversion"])
    assert rows[conversion + 2][:2] == ["Careers page", "1"]
    assert ["Salary expectations", "1", "100.0"] not in rows  # the rejection was on another vacancy


def test_the_xlsx_has_a_sheet_per_report_with_the_filters_applied(hr_client, data):
    _vacancy, other = data
    response = hr_client.get(_export("xlsx"), {"vacancy": other.pk})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Filters",
        "Time to fill",
        "Time per stage",
        "Source conversion",
        "Rejection reasons",
    ]
    reasons = [[cell.value for cell in row] for row in book["Rejection reasons"].iter_rows()]
    assert reasons == [["Reason", "Rejections", "Share, %"], ["Salary expectations", 1, 100]]


def test_a_vacancy_named_like_a_formula_stays_text(hr_client):
    ApplicationFactory(vacancy=VacancyFactory(name="=HYPERLINK(1)"), candidate__status="new")
    body = hr_client.get(_export("csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body
    book = load_workbook(io.BytesIO(hr_client.get(_export("xlsx")).content))
    assert book["Time to fill"]["A2"].value == "'=HYPERLINK(1)"


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2026-13-01"},
        {"vacancy": "999999"},
        {"date_from": "2026-05-02", "date_to": "2026-05-01"},
    ],
)
def test_bad_filters_are_a_clear_400_never_a_500(hr_client, params):
    assert hr_client.get(reverse(PAGE), params).status_code == 400
    assert hr_client.get(_export("csv"), params).status_code == 400


def test_an_unknown_export_kind_is_404(hr_client):
    assert hr_client.get(_export("pdf")).status_code == 404


def test_the_page_reads_in_russian(hr_client, hr_user, data):
    response = hr_client.get(reverse(PAGE), headers={"accept-language": "ru-RU,ru;q=0.9"})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ru"' in body
    assert "Время закрытия вакансии" in body and "Ожидания по зарплате" in body


@pytest.mark.parametrize("count", [1, 15])
def test_the_page_costs_the_same_queries_whatever_the_data(hr_client, count, django_assert_num_queries):
    for _index in range(count):
        ApplicationFactory(vacancy=VacancyFactory(), source="telegram", candidate__status="new")
    hr_client.get(reverse(PAGE))
    # session, user, two-factor device, permissions (2), the five of the report, the filter form's
    # vacancies, the header's unread-notification count
    with django_assert_num_queries(12):
        hr_client.get(reverse(PAGE))
