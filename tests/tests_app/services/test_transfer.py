"""The JSON import of a test (services.transfer), and the export (selectors.transfer) it reads back."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests_app import selectors, services
from tests_app.models import Choice, Question, Test

pytestmark = pytest.mark.django_db


def _shape(test: Test) -> dict:
    data = selectors.test_export(test=Test.objects.get(pk=test.pk))
    return json.loads(json.dumps(data))


def test_an_exported_test_imports_as_an_identical_copy(sample_test):
    exported = _shape(sample_test.test)
    copy = services.test_import(data=exported)
    assert copy.pk != sample_test.test.pk
    assert _shape(copy) == exported
    assert copy.questions.count() == 3
    assert Choice.objects.filter(question__test=copy, is_correct=True).count() == 3


def test_export_carries_every_authoring_field(sample_test):
    exported = _shape(sample_test.test)
    assert exported["format"] == "recruitment-test"
    assert exported["pass_threshold"] == "50.00"
    multi = exported["questions"][1]
    assert multi["kind"] == "multiple_choice"
    assert multi["scoring"] == "partial"
    assert [c["is_correct"] for c in multi["choices"]] == [True, True, False]


def _minimal(**overrides) -> dict:
    data = {
        "format": "recruitment-test",
        "version": 1,
        "title": "Imported",
        "duration_minutes": 15,
        "pass_threshold": "70",
        "questions": [
            {
                "kind": "single_choice",
                "text": "2+2?",
                "points": "1",
                "choices": [{"text": "4", "is_correct": True}, {"text": "5", "is_correct": False}],
            },
            {"kind": "open_text", "text": "Why?", "points": 3},
        ],
    }
    return {**data, **overrides}


def test_import_accepts_a_hand_written_file_with_defaults():
    test = services.test_import(data=_minimal())
    assert (test.title, test.duration_minutes, test.pass_threshold) == ("Imported", 15, Decimal("70"))
    assert [q.kind for q in test.questions.all()] == ["single_choice", "open_text"]


@pytest.mark.parametrize(
    "data",
    [
        "just a string",
        _minimal(format="something-else"),
        _minimal(version=2),
        _minimal(questions="nope"),
        _minimal(title=""),
        _minimal(duration_minutes=0),
        _minimal(pass_threshold="150"),
        _minimal(questions=[{"kind": "essay", "text": "x"}]),
        _minimal(questions=[{"kind": "open_text", "text": "x", "points": -1}]),
        _minimal(questions=[{"kind": "open_text", "text": "x", "choices": [{"text": "a"}]}]),
        _minimal(questions=[{"kind": "single_choice", "text": "x", "choices": [{"text": ""}]}]),
        _minimal(questions=[{"kind": "single_choice", "text": "x", "choices": "a,b"}]),
        _minimal(questions=["not an object"]),
        _minimal(
            questions=[{"kind": "single_choice", "text": "x", "choices": [{"text": "a"}, {"text": "b"}]}]
        ),
        _minimal(
            questions=[
                {
                    "kind": "single_choice",
                    "text": "x",
                    "choices": [{"text": "a", "is_correct": True}, {"text": "b", "is_correct": True}],
                }
            ]
        ),
    ],
)
def test_import_refuses_a_broken_file_and_creates_nothing(data):
    with pytest.raises(ValidationError) as error:
        services.test_import(data=data)
    assert error.value.messages
    assert not Test.objects.exists()
    assert not Question.objects.exists()
