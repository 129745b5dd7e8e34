"""Scoring rules for answers and attempts. Pure functions over loaded rows: no queries here."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tests_app.models import MultipleChoiceScoring, Question, QuestionKind

TWO_PLACES = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def choice_points(question: Question, correct_ids: set[int], selected_ids: set[int]) -> Decimal:
    """Points for a choice question given the correct and the selected choice ids."""
    if not correct_ids:
        return Decimal(0)
    if (
        question.kind == QuestionKind.SINGLE_CHOICE
        or question.scoring == MultipleChoiceScoring.ALL_OR_NOTHING
    ):
        return question.points if selected_ids == correct_ids else Decimal(0)
    # Partial credit: each right pick earns a share, each wrong pick takes one back, never below 0.
    right = len(selected_ids & correct_ids)
    wrong = len(selected_ids - correct_ids)
    share = Decimal(max(0, right - wrong)) / Decimal(len(correct_ids))
    return round2(question.points * share)


@dataclass(frozen=True)
class AttemptScore:
    score: Decimal
    max_score: Decimal
    percentage: Decimal
    unreviewed_open_answers: int


def attempt_score(points: Iterable[tuple[Decimal, Decimal | None]]) -> AttemptScore:
    """Total (max points, awarded points or None when still to review) over every question."""
    score = max_score = Decimal(0)
    unreviewed = 0
    for maximum, awarded in points:
        max_score += maximum
        if awarded is None:
            unreviewed += 1
        else:
            score += awarded
    percentage = round2(score * 100 / max_score) if max_score else Decimal(0)
    return AttemptScore(round2(score), round2(max_score), min(percentage, Decimal(100)), unreviewed)
