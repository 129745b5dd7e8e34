"""Grading math: choice points (all-or-nothing and partial credit) and attempt totals."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests_app import grading
from tests_app.models import MultipleChoiceScoring, Question, QuestionKind

SINGLE, MULTI = QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE
PARTIAL, ALL = MultipleChoiceScoring.PARTIAL, MultipleChoiceScoring.ALL_OR_NOTHING


def _question(kind=MULTI, scoring=PARTIAL, points="3") -> Question:
    return Question(kind=kind, scoring=scoring, points=Decimal(points))


@pytest.mark.parametrize(
    ("correct", "selected", "expected"),
    [
        ({1, 2, 3}, {1, 2, 3}, "3"),
        ({1, 2, 3}, {1, 2}, "2.00"),
        ({1, 2, 3}, {1}, "1.00"),
        ({1, 2, 3}, {1, 2, 4}, "1.00"),  # two right, one wrong
        ({1, 2, 3}, {1, 4}, "0.00"),
        ({1, 2, 3}, {4, 5}, "0.00"),  # never below zero
        ({1, 2, 3}, set(), "0.00"),
        ({1, 2, 3}, {1, 2, 3, 4}, "2.00"),  # ticking everything costs the wrong pick
    ],
)
def test_partial_credit(correct, selected, expected):
    assert grading.choice_points(_question(), correct, selected) == Decimal(expected)


def test_partial_credit_rounds_to_two_places():
    assert grading.choice_points(_question(points="1"), {1, 2, 3}, {1}) == Decimal("0.33")
    assert grading.choice_points(_question(points="2"), {1, 2, 3}, {1, 2}) == Decimal("1.33")


@pytest.mark.parametrize(
    ("selected", "expected"), [({1, 2}, "3"), ({1}, "0"), ({1, 2, 3}, "0"), (set(), "0")]
)
def test_all_or_nothing(selected, expected):
    assert grading.choice_points(_question(scoring=ALL), {1, 2}, selected) == Decimal(expected)


def test_single_choice_ignores_the_partial_setting():
    assert grading.choice_points(_question(kind=SINGLE), {1}, {1}) == Decimal("3")
    assert grading.choice_points(_question(kind=SINGLE), {1}, {2}) == 0


def test_a_question_without_correct_choices_gives_nothing():
    assert grading.choice_points(_question(), set(), set()) == 0


def test_attempt_score_sums_and_rounds_the_percentage():
    totals = grading.attempt_score(
        [(Decimal(3), Decimal(1)), (Decimal(3), Decimal(1)), (Decimal(3), Decimal(0))]
    )
    assert totals == grading.AttemptScore(Decimal("2.00"), Decimal("9.00"), Decimal("22.22"), 0)


def test_attempt_score_counts_unreviewed_answers_and_leaves_them_out_of_the_score():
    totals = grading.attempt_score([(Decimal(2), Decimal(2)), (Decimal(4), None)])
    assert (totals.score, totals.max_score, totals.percentage, totals.unreviewed_open_answers) == (
        Decimal("2.00"),
        Decimal("6.00"),
        Decimal("33.33"),
        1,
    )


def test_attempt_score_of_a_test_without_points_is_zero_percent():
    assert grading.attempt_score([(Decimal(0), Decimal(0))]).percentage == 0


def test_percentage_rounds_half_up():
    # 1 of 8 = 12.5%, 1 of 16 = 6.25%, 1 of 32 = 3.125% -> 3.13
    assert grading.attempt_score([(Decimal(32), Decimal(1))]).percentage == Decimal("3.13")


# --- properties over random questions and answers ------------------------------------------------

points_st = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def choice_question(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    ids = list(range(1, n + 1))
    correct = set(draw(st.lists(st.sampled_from(ids), unique=True, min_size=1)))
    selected = set(draw(st.lists(st.sampled_from(ids), unique=True)))
    question = Question(
        kind=draw(st.sampled_from([SINGLE, MULTI])),
        scoring=draw(st.sampled_from([PARTIAL, ALL])),
        points=draw(points_st),
    )
    return question, correct, selected


@given(choice_question())
def test_choice_points_stay_between_zero_and_the_question_points(case):
    question, correct, selected = case
    points = grading.choice_points(question, correct, selected)
    assert 0 <= points <= question.points


@given(choice_question())
def test_the_exact_correct_set_always_earns_full_points(case):
    question, correct, _ = case
    assert grading.choice_points(question, correct, set(correct)) == question.points


@given(choice_question())
def test_partial_credit_never_pays_less_than_all_or_nothing(case):
    question, correct, selected = case
    question.kind = MULTI
    partial = grading.choice_points(question, correct, selected)
    question.scoring = ALL
    assert partial >= grading.choice_points(question, correct, selected)


@given(choice_question(), st.integers(min_value=100, max_value=200))
def test_adding_a_wrong_pick_never_raises_partial_credit(case, wrong_id):
    question, correct, selected = case
    question.kind, question.scoring = MULTI, PARTIAL
    assert grading.choice_points(question, correct, selected | {wrong_id}) <= grading.choice_points(
        question, correct, selected
    )


@given(st.lists(st.tuples(points_st, st.one_of(st.none(), st.floats(0, 1))), min_size=1, max_size=20))
def test_attempt_totals_are_consistent(rows):
    points = [(m, None if f is None else grading.round2(m * Decimal(str(f)))) for m, f in rows]
    totals = grading.attempt_score(points)
    assert 0 <= totals.percentage <= 100
    assert 0 <= totals.score <= totals.max_score
    assert totals.max_score == grading.round2(sum((m for m, _ in points), Decimal(0)))
    assert totals.unreviewed_open_answers == sum(a is None for _, a in points)
    assert totals.percentage == totals.percentage.quantize(Decimal("0.01"))
    if totals.max_score:
        assert abs(totals.percentage - totals.score * 100 / totals.max_score) <= Decimal("0.01")
