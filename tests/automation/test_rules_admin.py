"""The rules admin: HR adds a rule, a loop is refused with a readable error, rules are paused in bulk."""

import pytest
from django.urls import reverse

from automation.models import AutomationRule
from tests.automation.conftest import make_rule
from tests.backoffice.conftest import hr_client, hr_user

__all__ = ["hr_client", "hr_user"]
pytestmark = pytest.mark.django_db


def _form(vacancy, **fields) -> dict:
    data = {
        "vacancy": vacancy.pk,
        "name": "Decide",
        "trigger_stage": "test_completed",
        "action": "decide_on_test",
        "is_active": "on",
        "delay_minutes": "0",
        "template_name": "",
        "pass_stage": "interview",
        "reject_below": "",
        "interview_format": "video",
        "interview_location": "",
        "interview_minutes": "60",
    }
    return {**data, **fields}


def test_hr_adds_a_rule(hr_client, vacancy):
    response = hr_client.post(reverse("admin:automation_automationrule_add"), _form(vacancy))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AutomationRule.objects.get().pass_stage == "interview"


def test_a_loop_is_refused_on_save_with_the_stages_named(hr_client, vacancy):
    make_rule(vacancy, trigger_stage="interview", pass_stage="test_completed")
    response = hr_client.post(reverse("admin:automation_automationrule_add"), _form(vacancy))
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "loop" in errors[0] and "Interview" in errors[0]
    assert AutomationRule.objects.count() == 1


def test_a_missing_template_is_an_error_on_its_field(hr_client, vacancy):
    response = hr_client.post(
        reverse("admin:automation_automationrule_add"),
        _form(vacancy, action="send_template", trigger_stage="reviewing"),
    )
    assert "template_name" in response.context["adminform"].form.errors


def test_pause_action_pauses_the_selection(hr_client, vacancy):
    rules = [
        make_rule(vacancy, name=f"r{n}", trigger_stage=stage) for n, stage in enumerate(["new", "reviewing"])
    ]
    hr_client.post(
        reverse("admin:automation_automationrule_changelist"),
        {"action": "pause", "_selected_action": [r.pk for r in rules]},
    )
    assert not AutomationRule.objects.filter(is_active=True).exists()


def test_the_rules_list_and_form_open_for_hr(hr_client, vacancy):
    rule = make_rule(vacancy)
    assert hr_client.get(reverse("admin:automation_automationrule_changelist")).status_code == 200
    assert hr_client.get(reverse("admin:automation_automationrule_change", args=[rule.pk])).status_code == 200
    assert hr_client.get(reverse("admin:automation_rulerun_changelist")).status_code == 200
    assert hr_client.get(reverse("admin:automation_rejectionreason_changelist")).status_code == 200
    assert hr_client.get(reverse("admin:automation_vacancyplan_add")).status_code == 200
