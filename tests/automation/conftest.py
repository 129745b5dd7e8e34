from decimal import Decimal

import pytest

from automation.models import AutomationRule, RuleAction
from candidates.models import CandidateStatus
from tests.candidates.screening.conftest import celery_eager
from tests.factories import ApplicationFactory, ChoiceFactory, QuestionFactory, TestFactory, VacancyFactory

__all__ = ["celery_eager"]


@pytest.fixture
def vacancy(db):
    return VacancyFactory(name="Python developer")


@pytest.fixture
def one_question_test(db):
    """A test of one single-choice question (pass at 50%): the right choice passes, the wrong fails."""
    test = TestFactory(title="Python quiz", pass_threshold=Decimal("50"))
    question = QuestionFactory(test=test, points=1)
    right = ChoiceFactory(question=question, text="def", is_correct=True)
    wrong = ChoiceFactory(question=question, text="func")
    return test, question, right, wrong


@pytest.fixture
def application(vacancy):
    return ApplicationFactory(vacancy=vacancy, candidate__status=CandidateStatus.NEW)


def make_rule(vacancy, **fields) -> AutomationRule:
    defaults = {
        "name": "Test decides",
        "trigger_stage": CandidateStatus.TEST_COMPLETED,
        "action": RuleAction.DECIDE_ON_TEST,
        "pass_stage": CandidateStatus.INTERVIEW,
    }
    return AutomationRule.objects.create(vacancy=vacancy, **{**defaults, **fields})


@pytest.fixture(autouse=True)
def default_rejection_reasons(db):
    """What the data migration stores (the tests run without migrations)."""
    from automation.defaults import rejection_reasons_ensure_defaults

    rejection_reasons_ensure_defaults()
