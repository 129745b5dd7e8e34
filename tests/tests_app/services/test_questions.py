"""The rules of a question's choices (services.questions), shared by the admin form and the import."""

import pytest
from django.core.exceptions import ValidationError

from tests_app.models import QuestionKind
from tests_app.services import question_choices_validate

SINGLE, MULTI, OPEN = QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.OPEN_TEXT


@pytest.mark.parametrize(
    ("kind", "choice_count", "correct_count"),
    [(SINGLE, 2, 1), (MULTI, 3, 2), (MULTI, 3, 3), (OPEN, 0, 0), (SINGLE, 0, 0), (MULTI, 0, 0)],
)
def test_valid_choices_pass(kind, choice_count, correct_count):
    question_choices_validate(kind=kind, choice_count=choice_count, correct_count=correct_count)


@pytest.mark.parametrize(
    ("kind", "choice_count", "correct_count", "message"),
    [
        (OPEN, 2, 0, "An open question has no choices."),
        (SINGLE, 2, 0, "Mark at least one choice as correct."),
        (MULTI, 3, 0, "Mark at least one choice as correct."),
        (SINGLE, 3, 2, "A single-choice question has exactly one correct choice."),
    ],
)
def test_invalid_choices_are_refused_with_the_reason(kind, choice_count, correct_count, message):
    with pytest.raises(ValidationError) as error:
        question_choices_validate(kind=kind, choice_count=choice_count, correct_count=correct_count)
    assert error.value.messages == [message]
