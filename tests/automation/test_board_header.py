"""The board's header: the vacancy's rules (pause/resume), the runs waiting to act (cancel), and
the SLA flag on the cards over it; with the same queries whatever the number of rules and runs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from automation.models import RuleRun, RunState, VacancyPlan
from candidates import services as candidate_services
from candidates.models import CandidateStatus
from tests.automation.conftest import make_rule
from tests.backoffice.conftest import hr_client, hr_user
from tests.factories import ApplicationFactory, UserFactory

__all__ = ["hr_client", "hr_user"]
pytestmark = pytest.mark.django_db


def board(vacancy) -> str:
    return reverse("admin:candidates_vacancy_board", args=[vacancy.pk])


def test_the_header_lists_the_rules_and_a_paused_one_says_so(hr_client, vacancy):
    make_rule(vacancy, name="Passed → interview")
    make_rule(
        vacancy,
        name="Owner on review",
        trigger_stage="reviewing",
        action="assign_owner",
        owner=UserFactory(),
        is_active=False,
    )
    body = hr_client.get(board(vacancy)).content.decode()
    assert "Passed → interview" in body and "Owner on review" in body
    assert "board-rule-paused" in body


def test_hr_pauses_and_resumes_a_rule_from_the_board(hr_client, vacancy):
    rule = make_rule(vacancy)
    url = reverse("admin:candidates_vacancy_rule_toggle", args=[vacancy.pk, rule.pk])
    response = hr_client.post(url, {"active": "0"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert not rule.is_active
    hr_client.post(url, {"active": "1"})
    rule.refresh_from_db()
    assert rule.is_active


def test_hr_cancels_a_pending_run_from_the_board(hr_client, hr_user, vacancy, application):
    make_rule(
        vacancy, trigger_stage="reviewing", action="assign_owner", owner=UserFactory(), delay_minutes=30
    )
    candidate_services.application_status_change(application=application, status=CandidateStatus.REVIEWING)
    run = RuleRun.objects.get()
    assert str(application.candidate) in hr_client.get(board(vacancy)).content.decode()
    hr_client.post(reverse("admin:candidates_vacancy_run_cancel", args=[vacancy.pk, run.pk]))
    run.refresh_from_db()
    assert (run.state, run.cancelled_by) == (RunState.CANCELLED, hr_user)


def test_a_rule_of_another_vacancy_cannot_be_toggled_through_this_board(hr_client, vacancy):
    from tests.factories import VacancyFactory

    rule = make_rule(VacancyFactory())
    response = hr_client.post(
        reverse("admin:candidates_vacancy_rule_toggle", args=[vacancy.pk, rule.pk]), {"active": "0"}
    )
    assert response.status_code == 404


def test_a_staff_user_without_the_rights_cannot_pause(client, vacancy):
    client.force_login(UserFactory(is_staff=True))
    rule = make_rule(vacancy)
    response = client.post(
        reverse("admin:candidates_vacancy_rule_toggle", args=[vacancy.pk, rule.pk]), {"active": "0"}
    )
    assert response.status_code == 403


def test_cards_over_the_sla_are_flagged(hr_client, vacancy):
    VacancyPlan.objects.create(vacancy=vacancy, sla_days=3)
    ApplicationFactory(vacancy=vacancy, applied_at=timezone.now() - dt.timedelta(days=5))
    ApplicationFactory(vacancy=vacancy, applied_at=timezone.now() - dt.timedelta(days=1))
    response = hr_client.get(board(vacancy))
    body = response.content.decode()
    assert body.count('class="board-sla"') == 1
    assert response.context["sla_overdue"] == 1


@pytest.mark.parametrize("count", [1, 12])
def test_the_header_costs_the_same_queries_whatever_the_rules_and_runs(
    hr_client, vacancy, count, django_assert_num_queries
):
    VacancyPlan.objects.create(vacancy=vacancy, sla_days=3)
    for index in range(count):
        make_rule(vacancy, name=f"rule {index}", reject_below=Decimal("10"), delay_minutes=60)
    for _index in range(count):
        application = ApplicationFactory(vacancy=vacancy, status=CandidateStatus.TEST_ASSIGNED)
        candidate_services.application_status_change(
            application=application, status=CandidateStatus.TEST_COMPLETED
        )
    assert RuleRun.objects.count() == count * count
    hr_client.get(board(vacancy))
    # 13: the board reads its columns' counts and ages apart from their first cards (issue 30), and the
    # rejection reasons of its dialog
    with django_assert_num_queries(13):
        hr_client.get(board(vacancy))


def test_hr_cancels_a_pending_run_from_the_candidate_page(hr_client, hr_user, vacancy, application):
    make_rule(
        vacancy,
        name="Owner later",
        trigger_stage="reviewing",
        action="assign_owner",
        owner=UserFactory(),
        delay_minutes=30,
    )
    candidate_services.application_status_change(application=application, status=CandidateStatus.REVIEWING)
    candidate = application.candidate
    page = hr_client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk])).content.decode()
    assert 'id="quick-rule-runs"' in page and "Owner later" in page
    run = RuleRun.objects.get()
    url = reverse("admin:candidates_candidate_rule_run_cancel", args=[candidate.pk])
    assert hr_client.post(url, {"run": "nonsense"}).status_code == 404
    hr_client.post(url, {"run": run.pk})
    run.refresh_from_db()
    assert (run.state, run.cancelled_by) == (RunState.CANCELLED, hr_user)
