"""The reports: time to fill against the target date, time per stage from the history, source
conversion, rejection reasons; the filters; constant queries."""

import datetime as dt

import pytest
from django.utils import timezone

from automation.models import RejectionReason, VacancyPlan
from automation.reports import ReportFilters, report_build
from automation.reports.selectors import rejection_reasons, source_conversion, time_per_stage, time_to_fill
from automation.services import rejection_record
from candidates import services as candidate_services
from candidates.models import CandidateStatus, HistoryEntry
from tests.factories import ApplicationFactory, VacancyFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def _move(application, status, when):
    candidate_services.application_status_change(application=application, status=status)
    HistoryEntry.objects.filter(application=application, to_value=status).update(created_at=when)


def _apply(vacancy, source="telegram", days_ago=10):
    application = ApplicationFactory(
        vacancy=vacancy, source=source, applied_at=NOW - dt.timedelta(days=days_ago), candidate__status="new"
    )
    candidate_services.history_record(
        candidate=application.candidate, application=application, kind="applied", to_value="new"
    )
    HistoryEntry.objects.filter(application=application, kind="applied").update(
        created_at=NOW - dt.timedelta(days=days_ago)
    )
    return application


def _rows(table) -> dict:
    return {row[0]: row[1:] for row in table.rows}


def test_time_to_fill_against_the_target_date(vacancy):
    type(vacancy).objects.filter(pk=vacancy.pk).update(created_at=NOW - dt.timedelta(days=30))
    VacancyPlan.objects.create(vacancy=vacancy, target_date=timezone.localdate(NOW) - dt.timedelta(days=10))
    hired = _apply(vacancy)
    _move(hired, "accepted", NOW - dt.timedelta(days=5))
    late = VacancyFactory(name="Open and late")
    type(late).objects.filter(pk=late.pk).update(created_at=NOW - dt.timedelta(days=40))
    VacancyPlan.objects.create(vacancy=late, target_date=timezone.localdate(NOW) - dt.timedelta(days=1))
    _apply(late)
    rows = _rows(time_to_fill(ReportFilters(), now=NOW))
    assert rows["Python developer"][3:] == [
        timezone.localdate(NOW - dt.timedelta(days=5)),
        25.0,
        "filled late",
    ]
    assert rows["Open and late"][-1] == "open, overdue"


def test_time_per_stage_from_the_history(vacancy):
    application = _apply(vacancy, days_ago=10)
    _move(application, "reviewing", NOW - dt.timedelta(days=8))
    _move(application, "interview", NOW - dt.timedelta(days=2))
    rows = _rows(time_per_stage(ReportFilters(), now=NOW))
    assert rows["New"] == [1, 0, 2.0, 2.0, 2.0]
    assert rows["Reviewing"] == [1, 0, 6.0, 6.0, 6.0]
    assert rows["Interview"] == [1, 1, 2.0, 2.0, 2.0]
    assert rows["Accepted"] == [0, 0, None, None, None]


def test_source_conversion_lists_the_main_sources_and_counts_reached_stages(vacancy):
    for source in ("telegram", "telegram", "careers", "hh"):
        _apply(vacancy, source=source)
    telegram = vacancy.applications.filter(source="telegram").first()
    _move(telegram, "interview", NOW)
    _move(telegram, "accepted", NOW)
    rows = _rows(source_conversion(ReportFilters()))
    assert rows["Telegram bot"] == [2, 0, 1, 1, 0, 50.0, 50.0]
    assert rows["Careers page"][0] == 1 and rows["hh.ru"][0] == 1
    assert rows["1F API"] == [0, 0, 0, 0, 0, None, None]


def test_rejection_reasons_with_the_ones_not_given(vacancy):
    applications = [_apply(vacancy) for _ in range(3)]
    salary = RejectionReason.objects.get(code="salary")
    for application in applications:
        _move(application, "rejected", NOW)
    rejection_record(application=applications[0], reason=salary)
    rejection_record(application=applications[1], reason=salary)
    rows = _rows(rejection_reasons(ReportFilters()))
    assert rows == {"Salary expectations": [2, 66.7], "Not given": [1, 33.3]}


def test_the_filters_select_the_applications(vacancy):
    other = VacancyFactory(name="Other")
    _apply(vacancy, source="telegram", days_ago=40)
    _apply(vacancy, source="careers", days_ago=3)
    _apply(other, source="careers", days_ago=3)
    today = timezone.localdate(NOW)
    filters = ReportFilters(vacancy_id=vacancy.pk, date_from=today - dt.timedelta(days=7), date_to=today)
    rows = _rows(source_conversion(filters))
    assert rows["Careers page"][0] == 1 and rows["Telegram bot"][0] == 0
    only_careers = _rows(source_conversion(ReportFilters(source="careers")))
    assert list(only_careers) == ["Careers page"] and only_careers["Careers page"][0] == 2
    assert [row[0] for row in time_to_fill(ReportFilters(source="telegram")).rows] == ["Python developer"]


@pytest.mark.parametrize("count", [2, 20])
def test_the_report_costs_the_same_queries_whatever_the_data(count, django_assert_num_queries):
    reason = RejectionReason.objects.get(code="skills")
    for index in range(count):
        application = _apply(VacancyFactory(), source=["telegram", "hh", "api", "careers"][index % 4])
        _move(application, CandidateStatus.REJECTED, NOW)
        rejection_record(application=application, reason=reason)
    with django_assert_num_queries(5):
        report = report_build(ReportFilters())
    assert len(report.tables) == 4
