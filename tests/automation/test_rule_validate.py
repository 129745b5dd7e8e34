"""Saving a rule: what each action needs, and loops of automatic moves refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from automation.models import AutomationRule, RuleAction
from automation.services import rule_save, rule_set_active
from candidates.models import CandidateStatus
from tests.automation.conftest import make_rule

pytestmark = pytest.mark.django_db


def _rule(vacancy, **fields) -> AutomationRule:
    return AutomationRule(vacancy=vacancy, name="r", **fields)


def test_a_rule_that_closes_a_loop_of_moves_is_refused(vacancy, one_question_test):
    make_rule(vacancy, trigger_stage=CandidateStatus.TEST_COMPLETED, pass_stage=CandidateStatus.REVIEWING)
    loop = _rule(
        vacancy,
        trigger_stage=CandidateStatus.REVIEWING,
        action=RuleAction.INVITE_TO_TEST,
        test=one_question_test[0],
    )
    # reviewing -> test_assigned is no loop by itself...
    rule_save(rule=loop)
    closing = _rule(
        vacancy,
        trigger_stage=CandidateStatus.TEST_ASSIGNED,
        action=RuleAction.DECIDE_ON_TEST,
        pass_stage=CandidateStatus.TEST_COMPLETED,
    )
    # ...but test_assigned -> test_completed -> reviewing -> test_assigned is.
    with pytest.raises(ValidationError, match="loop"):
        rule_save(rule=closing)
    assert not AutomationRule.objects.filter(trigger_stage=CandidateStatus.TEST_ASSIGNED).exists()


def test_a_paused_rule_still_counts_in_the_loop_check(vacancy):
    make_rule(
        vacancy,
        trigger_stage=CandidateStatus.INTERVIEW,
        pass_stage=CandidateStatus.TEST_COMPLETED,
        is_active=False,
    )
    with pytest.raises(ValidationError, match="loop"):
        rule_save(
            rule=_rule(
                vacancy, action=RuleAction.DECIDE_ON_TEST, trigger_stage=CandidateStatus.TEST_COMPLETED
            )
        )


def test_rules_of_another_vacancy_do_not_count(vacancy):
    from tests.factories import VacancyFactory

    make_rule(
        VacancyFactory(), trigger_stage=CandidateStatus.INTERVIEW, pass_stage=CandidateStatus.TEST_COMPLETED
    )
    rule_save(
        rule=_rule(vacancy, action=RuleAction.DECIDE_ON_TEST, trigger_stage=CandidateStatus.TEST_COMPLETED)
    )


@pytest.mark.parametrize(
    ("action", "field"),
    [
        (RuleAction.SEND_TEMPLATE, "template_name"),
        (RuleAction.INVITE_TO_TEST, "test"),
        (RuleAction.ASSIGN_OWNER, "owner"),
        (RuleAction.ASK_TO_BOOK, "owner"),
    ],
)
def test_an_action_without_what_it_needs_is_refused_on_that_field(vacancy, action, field):
    with pytest.raises(ValidationError) as error:
        rule_save(rule=_rule(vacancy, trigger_stage=CandidateStatus.REVIEWING, action=action))
    assert field in error.value.message_dict


def test_moving_to_the_watched_stage_itself_is_refused(vacancy):
    rule = _rule(
        vacancy,
        trigger_stage=CandidateStatus.INTERVIEW,
        action=RuleAction.DECIDE_ON_TEST,
        pass_stage=CandidateStatus.INTERVIEW,
        reject_below=Decimal("10"),
    )
    with pytest.raises(ValidationError):
        rule_save(rule=rule)


def test_pausing_and_resuming_a_rule(vacancy):
    rule = make_rule(vacancy)
    assert rule_set_active(rule=rule, active=False)
    assert not rule_set_active(rule=rule, active=False)
    rule.refresh_from_db()
    assert not rule.is_active
    assert rule_set_active(rule=rule, active=True)
