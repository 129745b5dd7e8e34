from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.factories import ChoiceFactory, QuestionFactory, TestFactory
from tests_app import signals
from tests_app.models import Choice, MultipleChoiceScoring, Question, QuestionKind, Test


@dataclass
class SampleTest:
    test: Test
    single: Question
    single_right: Choice
    single_wrong: Choice
    multi: Question
    multi_right: list[Choice]
    multi_wrong: Choice
    open: Question


@pytest.fixture
def sample_test(db) -> SampleTest:
    """One question of each kind: single (2 points), multiple with partial credit (2), open (4)."""
    test = TestFactory(title="Python basics", pass_threshold=Decimal("50"), duration_minutes=30)
    single = QuestionFactory(test=test, order=1, text="Which keyword defines a function?", points=2)
    single_right = ChoiceFactory(question=single, text="def", is_correct=True)
    single_wrong = ChoiceFactory(question=single, text="func")
    multi = QuestionFactory(
        test=test,
        order=2,
        kind=QuestionKind.MULTIPLE_CHOICE,
        scoring=MultipleChoiceScoring.PARTIAL,
        text="Which are immutable?",
        points=2,
    )
    multi_right = [
        ChoiceFactory(question=multi, text="tuple", is_correct=True),
        ChoiceFactory(question=multi, text="frozenset", is_correct=True),
    ]
    multi_wrong = ChoiceFactory(question=multi, text="list")
    open_question = QuestionFactory(
        test=test, order=3, kind=QuestionKind.OPEN_TEXT, text="Explain the GIL.", points=4
    )
    return SampleTest(
        test, single, single_right, single_wrong, multi, multi_right, multi_wrong, open_question
    )


@pytest.fixture
def status_changes():
    """Every attempt_status_changed sent during the test, as (old, new) pairs."""
    seen: list[tuple[str, str]] = []

    def receiver(sender, attempt, old_status, new_status, **kwargs):
        seen.append((old_status, new_status))

    signals.attempt_status_changed.connect(receiver, dispatch_uid="test-status-changes")
    yield seen
    signals.attempt_status_changed.disconnect(dispatch_uid="test-status-changes")
