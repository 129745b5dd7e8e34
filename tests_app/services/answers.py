"""The candidate's answers: saved (or replaced) one question at a time while the attempt is open."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tests_app.models import Answer, Attempt, AttemptStatus, Question, QuestionKind
from tests_app.services.transitions import InvalidTransition, attempt_locked

MAX_ANSWER_CHARS = 20_000


def answer_save(
    *,
    attempt: Attempt,
    question: Question,
    choice_ids: list[int] | None = None,
    text: str = "",
    now: dt.datetime | None = None,
) -> Answer:
    """Save (or replace) the answer to one question while the attempt is open."""
    now = now or timezone.now()
    choice_ids = choice_ids or []
    valid_ids = _valid_choice_ids(attempt, question, choice_ids, text)
    with transaction.atomic():
        # The lock orders this save against a concurrent submit or close: no answer lands after either.
        locked = attempt_locked(attempt)
        if locked.status != AttemptStatus.IN_PROGRESS:
            raise InvalidTransition("This attempt is not open for answers.")
        if locked.deadline and now > locked.deadline:
            raise InvalidTransition("The time for this test is over.")
        answer, _ = Answer.objects.update_or_create(
            attempt=attempt,
            question=question,
            defaults={"text": text if question.kind == QuestionKind.OPEN_TEXT else ""},
        )
        answer.selected_choices.set(valid_ids)
    return answer


def _valid_choice_ids(attempt: Attempt, question: Question, choice_ids: list[int], text: str) -> set[int]:
    if question.test_id != attempt.test_id:
        raise ValidationError({"question": "This question is not part of the test."})
    if question.kind == QuestionKind.OPEN_TEXT and choice_ids:
        raise ValidationError({"choices": "An open question takes text, not choices."})
    if len(text) > MAX_ANSWER_CHARS:
        raise ValidationError({"text": f"An answer can be at most {MAX_ANSWER_CHARS} characters long."})
    valid_ids = set(question.choices.filter(id__in=choice_ids).values_list("id", flat=True))
    if len(valid_ids) != len(set(choice_ids)):
        raise ValidationError({"choices": "Some choices do not belong to this question."})
    if question.kind == QuestionKind.SINGLE_CHOICE and len(valid_ids) > 1:
        raise ValidationError({"choices": "Choose one answer only."})
    return valid_ids
