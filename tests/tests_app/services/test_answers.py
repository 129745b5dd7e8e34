"""The candidate's answers (services.answers): saved and replaced while the attempt is open, only then."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories import AttemptFactory, QuestionFactory
from tests_app import services
from tests_app.models import Answer, Attempt, QuestionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(sample_test) -> Attempt:
    return services.attempt_start(attempt=AttemptFactory(test=sample_test.test))


def test_answer_save_stores_and_replaces_the_answer(started, sample_test):
    services.answer_save(
        attempt=started, question=sample_test.single, choice_ids=[sample_test.single_wrong.id]
    )
    services.answer_save(
        attempt=started, question=sample_test.single, choice_ids=[sample_test.single_right.id]
    )
    answer = Answer.objects.get(attempt=started, question=sample_test.single)
    assert list(answer.selected_choices.values_list("id", flat=True)) == [sample_test.single_right.id]
    services.answer_save(attempt=started, question=sample_test.open, text="It is a lock.")
    assert Answer.objects.get(attempt=started, question=sample_test.open).text == "It is a lock."


def test_answer_save_refuses_a_pending_attempt_as_not_started(sample_test):
    with pytest.raises(services.InvalidTransition) as error:
        services.answer_save(
            attempt=AttemptFactory(test=sample_test.test), question=sample_test.open, text="early"
        )
    assert not isinstance(error.value, services.AttemptClosed)


def test_answer_save_refuses_after_the_deadline_as_closed(started, sample_test):
    with pytest.raises(services.AttemptClosed):
        services.answer_save(
            attempt=started,
            question=sample_test.open,
            text="late",
            now=started.deadline + dt.timedelta(seconds=1),
        )
    assert not Answer.objects.exists()


def test_answer_save_refuses_after_submit_even_with_a_stale_attempt_object(started, sample_test):
    services.attempt_submit(attempt=Attempt.objects.get(pk=started.pk))
    assert started.status == "in_progress"  # the caller's copy is stale: the service must re-read
    with pytest.raises(services.AttemptClosed):
        services.answer_save(attempt=started, question=sample_test.open, text="after submit")
    assert not Answer.objects.filter(question=sample_test.open).exists()


def test_answer_save_of_a_deleted_attempt_is_gone(started, sample_test):
    Attempt.objects.filter(pk=started.pk).delete()
    with pytest.raises(services.AttemptGone):
        services.answer_save(attempt=started, question=sample_test.open, text="too late")
    assert not Answer.objects.exists()


def test_answer_save_refuses_a_question_deleted_meanwhile(started, sample_test):
    question = QuestionFactory(test=sample_test.test, kind=QuestionKind.OPEN_TEXT)
    question_copy = type(question).objects.get(pk=question.pk)
    question.delete()
    with pytest.raises(ValidationError):
        services.answer_save(attempt=started, question=question_copy, text="x")
    assert not Answer.objects.exists()


def test_answer_save_refuses_a_question_of_another_test(started):
    with pytest.raises(ValidationError):
        services.answer_save(attempt=started, question=QuestionFactory(kind=QuestionKind.OPEN_TEXT), text="x")


def test_answer_save_refuses_choices_of_another_question(started, sample_test):
    with pytest.raises(ValidationError):
        services.answer_save(
            attempt=started, question=sample_test.single, choice_ids=[sample_test.multi_wrong.id]
        )


def test_answer_save_refuses_two_choices_on_a_single_choice_question(started, sample_test):
    with pytest.raises(ValidationError):
        services.answer_save(
            attempt=started,
            question=sample_test.single,
            choice_ids=[sample_test.single_right.id, sample_test.single_wrong.id],
        )


def test_answer_save_refuses_choices_on_an_open_question(started, sample_test):
    with pytest.raises(ValidationError):
        services.answer_save(
            attempt=started, question=sample_test.open, choice_ids=[sample_test.single_right.id]
        )


def test_answer_save_refuses_an_overlong_text(started, sample_test):
    with pytest.raises(ValidationError):
        services.answer_save(
            attempt=started, question=sample_test.open, text="x" * (services.MAX_ANSWER_CHARS + 1)
        )
