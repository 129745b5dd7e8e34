"""The candidate's answers: saved (or replaced) one question at a time while the attempt is open."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import Candidate
from tests_app.models import Answer, Attempt, Question, QuestionKind
from tests_app.services.transitions import attempt_locked, attempt_require_open, attempt_transaction

MAX_ANSWER_CHARS = 20_000


def answer_save(
    *,
    attempt: Attempt,
    question: Question,
    choice_ids: list[int] | None = None,
    text: str = "",
    now: dt.datetime | None = None,
) -> Answer:
    """Save (or replace) the answer to one question while the attempt is open.

    The rows the answer points to are checked inside the transaction and locked: the attempt (no
    answer lands after a submit, a close or a deletion), the question and its choices (none vanishes
    under the insert).
    """
    now = now or timezone.now()
    choice_ids = choice_ids or []
    _check_shape(attempt, question, choice_ids, text)
    with attempt_transaction(attempt):
        locked = attempt_locked(attempt)
        attempt_require_open(locked, action="answers", before=now)
        if Question.objects.select_for_update().filter(pk=question.pk).first() is None:
            raise ValidationError({"question": "This question is no longer part of the test."})
        valid_ids = _valid_choice_ids(question, choice_ids)
        answer, _ = Answer.objects.update_or_create(
            attempt=locked,
            question=question,
            defaults={"text": text if question.kind == QuestionKind.OPEN_TEXT else ""},
        )
        answer.selected_choices.set(valid_ids)
    return answer


def _check_shape(attempt: Attempt, question: Question, choice_ids: list[int], text: str) -> None:
    if question.test_id != attempt.test_id:
        raise ValidationError({"question": "This question is not part of the test."})
    if question.kind == QuestionKind.OPEN_TEXT and choice_ids:
        raise ValidationError({"choices": "An open question takes text, not choices."})
    if len(text) > MAX_ANSWER_CHARS:
        raise ValidationError({"text": f"An answer can be at most {MAX_ANSWER_CHARS} characters long."})


def _valid_choice_ids(question: Question, choice_ids: list[int]) -> set[int]:
    """The chosen ids, all of them choices of this question (locked), one only for single choice."""
    chosen = question.choices.select_for_update().filter(id__in=choice_ids)
    valid_ids = set(chosen.values_list("id", flat=True))
    if len(valid_ids) != len(set(choice_ids)):
        raise ValidationError({"choices": "Some choices do not belong to this question."})
    if question.kind == QuestionKind.SINGLE_CHOICE and len(valid_ids) > 1:
        raise ValidationError({"choices": "Choose one answer only."})
    return valid_ids


def answers_anonymize(*, candidate: Candidate, text: str) -> int:
    """Replace the texts of a candidate's written answers (erasure on request); returns how many.

    The Telegram account a Mini App bound to their attempts goes too."""
    Attempt.objects.filter(candidate=candidate, telegram_user_id__isnull=False).update(telegram_user_id=None)
    return Answer.objects.filter(attempt__candidate=candidate).exclude(text="").update(text=text)
