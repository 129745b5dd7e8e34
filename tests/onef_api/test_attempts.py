from decimal import Decimal

import pytest

from tests.factories import (
    AnswerFactory,
    AttemptFactory,
    CandidateFactory,
    ChoiceFactory,
    ProctorEventFactory,
    QuestionFactory,
    TestFactory,
)
from tests.onef_api.conftest import url

pytestmark = pytest.mark.django_db


def started(**kwargs):
    from django.utils import timezone

    return AttemptFactory(started_at=timezone.now(), **kwargs)


def test_attempts_filter_by_status_list_email_candidate_and_test(api):
    john = CandidateFactory(email="John@Example.com")
    pending = AttemptFactory(candidate=john)
    passed = started(candidate=john, status="passed", score=Decimal("8"), percentage=Decimal("80"))
    other = started(status="failed")

    def ids(query: str) -> set[str]:
        return {a["id"] for a in api.get(url(f"attempts?{query}")).json()}

    assert ids("status=passed") == {str(passed.id)}
    assert ids("status=passed,failed") == {str(passed.id), str(other.id)}
    assert ids("email=john@example.com") == {str(pending.id), str(passed.id)}
    assert ids(f"candidate_id={other.candidate_id}") == {str(other.id)}
    assert ids(f"test_id={pending.test_id}") == {str(pending.id)}


def test_attempt_objects_carry_scores_as_numbers(api):
    started(
        status="passed", score=Decimal("8.5"), max_score=Decimal("10"), percentage=Decimal("85"), passed=True
    )
    [row] = api.get(url("attempts")).json()
    assert (row["score"], row["max_score"], row["percentage"], row["passed"]) == (8.5, 10.0, 85.0, True)


def test_candidate_attempts_lists_only_that_candidates_attempts(api):
    attempt = AttemptFactory()
    AttemptFactory()
    body = api.get(url(f"candidates/{attempt.candidate_id}/attempts")).json()
    assert [a["id"] for a in body] == [str(attempt.id)]
    assert api.get(url("candidates/00000000-0000-0000-0000-000000000009/attempts")).status_code == 404


def test_attempt_detail_has_each_question_with_answer_points_and_proctoring(api):
    test = TestFactory()
    mcq = QuestionFactory(test=test, points=Decimal("2"), order=1)
    right = ChoiceFactory(question=mcq, is_correct=True, text="Right")
    ChoiceFactory(question=mcq, text="Wrong")
    open_question = QuestionFactory(test=test, kind="open_text", points=Decimal("5"), order=2)
    attempt = started(test=test, status="needs_review")
    answer = AnswerFactory(attempt=attempt, question=mcq, points_awarded=Decimal("2"))
    answer.selected_choices.set([right])
    AnswerFactory(attempt=attempt, question=open_question, text="Because.")
    # As the page records them: the duration away rides on the return event.
    ProctorEventFactory(attempt=attempt, kind="tab_hidden")
    ProctorEventFactory(attempt=attempt, kind="tab_shown", duration_ms=1000)
    ProctorEventFactory(attempt=attempt, kind="focus_lost")
    ProctorEventFactory(attempt=attempt, kind="focus_gained", duration_ms=500)
    ProctorEventFactory(attempt=attempt, kind="paste")
    body = api.get(url(f"attempts/{attempt.id}")).json()
    first, second = body["questions"]
    assert first["question_id"] == mcq.id and first["max_points"] == 2.0 and first["points_awarded"] == 2.0
    assert [(c["text"], c["is_correct"], c["selected"]) for c in first["choices"]] == [
        ("Right", True, True),
        ("Wrong", False, False),
    ]
    assert second["answer_text"] == "Because." and second["points_awarded"] is None
    assert body["proctoring"]["events_total"] == 5
    assert body["proctoring"]["by_kind"]["tab_hidden"] == 1
    assert body["proctoring"]["by_kind"]["tab_shown"] == 1
    assert body["proctoring"]["by_kind"]["paste"] == 1
    assert body["proctoring"]["time_away_ms"] == 1500
