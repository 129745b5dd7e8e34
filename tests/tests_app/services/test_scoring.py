"""Grading an attempt through the database (services.scoring): the stored scores follow the pure rules."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import AttemptFactory, CandidateFactory, ChoiceFactory, QuestionFactory
from tests_app import grading, services
from tests_app.models import Choice, MultipleChoiceScoring, Question, QuestionKind, Test

SINGLE, MULTI = QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE
PARTIAL, ALL = MultipleChoiceScoring.PARTIAL, MultipleChoiceScoring.ALL_OR_NOTHING
points_st = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@pytest.mark.django_db
def test_a_choice_question_without_a_correct_option_scores_zero():
    question = QuestionFactory()
    choice = ChoiceFactory(question=question)
    attempt = services.attempt_start(attempt=AttemptFactory(test=question.test))
    services.answer_save(attempt=attempt, question=question, choice_ids=[choice.id])
    assert services.attempt_submit(attempt=attempt).score == Decimal(0)


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
