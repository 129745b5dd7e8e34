"""Grading math: choice points (all-or-nothing and partial credit) and attempt totals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import AttemptFactory, CandidateFactory
from tests_app import grading, services
from tests_app.models import Choice, MultipleChoiceScoring, Question, QuestionKind, Test

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


# --- the same rules through the database, on random tests -----------------------------------------


@st.composite
def random_test(draw):
    questions = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from([SINGLE, MULTI]))
        n = draw(st.integers(min_value=2, max_value=5))
        correct = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        if kind == SINGLE and any(correct):
            right_index = draw(st.integers(0, n - 1))
            correct = [i == right_index for i in range(n)]
        picks = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        if kind == SINGLE and sum(picks) > 1:
            picks = [i == picks.index(True) for i in range(n)]
        questions.append((kind, draw(st.sampled_from([PARTIAL, ALL])), draw(points_st), correct, picks))
    return questions, draw(st.one_of(st.none(), st.decimals(0, 100, places=2)))


class _Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(random_test())
def test_submitting_random_tests_matches_the_pure_grading(case):
    questions, threshold = case
    try:
        with transaction.atomic():
            test = Test.objects.create(title="Random", pass_threshold=threshold)
            expected = []
            rows = []
            for order, (kind, scoring, points, correct, picks) in enumerate(questions):
                q = Question.objects.create(test=test, kind=kind, scoring=scoring, points=points, order=order)
                choices = [
                    Choice.objects.create(question=q, text=str(i), is_correct=c)
                    for i, c in enumerate(correct)
                ]
                right = {c.id for c in choices if c.is_correct}
                chosen = {c.id for c, p in zip(choices, picks, strict=True) if p}
                expected.append((points, grading.choice_points(q, right, chosen)))
                rows.append((q, chosen))
            attempt = AttemptFactory(
                test=test, candidate=CandidateFactory(), expires_at=timezone.now() + dt.timedelta(hours=1)
            )
            services.attempt_start(attempt=attempt)
            for q, chosen in rows:
                services.answer_save(attempt=attempt, question=q, choice_ids=sorted(chosen))
            attempt = services.attempt_submit(attempt=attempt)
            totals = grading.attempt_score(expected)
            assert (attempt.score, attempt.max_score, attempt.percentage) == (
                totals.score,
                totals.max_score,
                totals.percentage,
            )
            if threshold is None:
                assert attempt.status == "completed"
            else:
                assert attempt.status == ("passed" if totals.percentage >= threshold else "failed")
            raise _Rollback
    except _Rollback:
        pass
