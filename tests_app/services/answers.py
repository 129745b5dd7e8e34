"""The candidate's answers: saved (or replaced) one question at a time while the attempt is open."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import Candidate
from tests_app.models import TEXT_QUESTION_KINDS, Answer, Attempt, AttemptStatus, Question, QuestionKind
from tests_app.services.attempts import attempt_touch
from tests_app.services.closing import attempt_close_if_due, attempt_close_locked
from tests_app.services.transitions import (
    AttemptClosed,
    attempt_locked,
    attempt_require_open,
    attempt_transaction,
)

MAX_ANSWER_CHARS = 20_000
# An answer counts when it was given before the deadline, plus this much for the last tap's round trip.
ANSWER_GRACE = dt.timedelta(seconds=5)
# The phone's clock is trusted this far before the last time the server heard from the page (an
# answer given offline was given after that); an older claim is taken as given at that moment.
MAX_CLOCK_SKEW = dt.timedelta(seconds=30)
# The oldest an answer kept offline can be (the page would have escaped long before): a day.
MAX_GIVEN_AGO_MS = 86_400_000


def answer_given_at(*, attempt: Attempt, now: dt.datetime, given_ago_ms: int = 0) -> dt.datetime:
    """When an answer was given, from the page's "given so many ms ago", within the bounds above."""
    given_at = now - dt.timedelta(milliseconds=min(max(given_ago_ms, 0), MAX_GIVEN_AGO_MS))
    floors = [attempt.started_at, attempt.last_heartbeat_at and attempt.last_heartbeat_at - MAX_CLOCK_SKEW]
    return max([given_at, *[floor for floor in floors if floor is not None]])


def answer_save(
    *,
    attempt: Attempt,
    question: Question,
    choice_ids: list[int] | None = None,
    text: str = "",
    given_ago_ms: int = 0,
    now: dt.datetime | None = None,
) -> Answer:
    """Save (or replace) the answer to one question while the attempt is open.

    An answer the page kept while offline arrives late: it counts when it was given (`given_ago_ms`
    before it arrived, see `answer_given_at`) before the deadline plus `ANSWER_GRACE`, as long as
    the attempt is still open (the escape rule keeps it open after the deadline for that). One given
    later closes the attempt as a timeout, as the page's own submit at the deadline would have.

    The rows the answer points to are checked inside the transaction and locked: the attempt (no
    answer lands after a submit, a close or a deletion), the question and its choices (none vanishes
    under the insert).
    """
    now = now or timezone.now()
    choice_ids = choice_ids or []
    _check_shape(attempt, question, choice_ids, text)
    attempt = attempt_close_if_due(attempt=attempt, now=now)
    with attempt_transaction(attempt):
        locked = attempt_locked(attempt)
        attempt_require_open(locked, action="answers")
        given_at = answer_given_at(attempt=locked, now=now, given_ago_ms=given_ago_ms)
        too_late = bool(locked.deadline and given_at > locked.deadline + ANSWER_GRACE)
        if too_late:
            attempt_close_locked(locked, to_status=AttemptStatus.TIMEOUT)
        else:
            answer = _store(locked, question, choice_ids, text, now)
    if too_late:
        raise AttemptClosed("The time for this test is over.", attempt=locked)
    return answer


def _store(locked: Attempt, question: Question, choice_ids: list[int], text: str, now: dt.datetime) -> Answer:
    attempt_touch(locked, now)
    if Question.objects.select_for_update().filter(pk=question.pk).first() is None:
        raise ValidationError({"question": "This question is no longer part of the test."})
    valid_ids = _valid_choice_ids(question, choice_ids)
    answer, _ = Answer.objects.update_or_create(
        attempt=locked,
        question=question,
        defaults={"text": text if question.kind in TEXT_QUESTION_KINDS else ""},
    )
    answer.selected_choices.set(valid_ids)
    return answer


def _check_shape(attempt: Attempt, question: Question, choice_ids: list[int], text: str) -> None:
    if question.test_id != attempt.test_id:
        raise ValidationError({"question": "This question is not part of the test."})
    if question.kind in TEXT_QUESTION_KINDS and choice_ids:
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
