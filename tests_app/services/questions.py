"""Rules of a question's choices, shared by the admin's authoring form and the JSON import."""

from django.core.exceptions import ValidationError

from tests_app.models import TEXT_QUESTION_KINDS, QuestionKind


def question_choices_validate(*, kind: str, choice_count: int, correct_count: int) -> None:
    """A choice question with choices needs a right answer; a single-choice question exactly one."""
    if kind in TEXT_QUESTION_KINDS:
        if choice_count:
            raise ValidationError("An open question has no choices.")
        return
    if choice_count and not correct_count:
        raise ValidationError("Mark at least one choice as correct.")
    if kind == QuestionKind.SINGLE_CHOICE and correct_count > 1:
        raise ValidationError("A single-choice question has exactly one correct choice.")
