"""JSON import of a test; `selectors.test_export` writes the same format."""

from django.core.exceptions import ValidationError
from django.db import transaction

from tests_app.models import Choice, Question, Test
from tests_app.services.questions import question_choices_validate

TEST_EXPORT_FORMAT = "recruitment-test"
TEST_EXPORT_VERSION = 1
TEST_FIELDS = [
    "title",
    "description",
    "duration_minutes",
    "pass_threshold",
    "is_active",
    "shuffle_questions",
    "shuffle_choices",
]
QUESTION_FIELDS = ["kind", "text", "points", "order", "scoring"]
CHOICE_FIELDS = ["text", "is_correct", "order"]


def test_import(*, data: object) -> Test:
    """Create a test (with its questions and choices) from the JSON of `selectors.test_export`.

    All or nothing: the first problem is reported with where it is, and nothing is created.
    """
    _check_envelope(data)
    with transaction.atomic():
        test = Test(**_pick(data, TEST_FIELDS))
        _full_clean(test, "test")
        test.save()
        for number, question_data in enumerate(data["questions"], start=1):
            _import_question(test, question_data, f"Question {number}")
    return test


def _check_envelope(data: object) -> None:
    if not isinstance(data, dict) or data.get("format") != TEST_EXPORT_FORMAT:
        raise ValidationError(f'Not a test export: expected an object with "format": "{TEST_EXPORT_FORMAT}".')
    if data.get("version") != TEST_EXPORT_VERSION:
        raise ValidationError(
            f"Unsupported export version {data.get('version')!r}; expected {TEST_EXPORT_VERSION}."
        )
    if not isinstance(data.get("questions"), list):
        raise ValidationError({"questions": "Must be a list."})


def _import_question(test: Test, data: object, where: str) -> None:
    if not isinstance(data, dict):
        raise ValidationError(f"{where}: must be an object.")
    question = Question(test=test, **_pick(data, QUESTION_FIELDS))
    _full_clean(question, where, exclude=["test"])
    question.save()
    choices = data.get("choices", [])
    if not isinstance(choices, list):
        raise ValidationError(f"{where}: choices must be a list.")
    for number, choice_data in enumerate(choices, start=1):
        if not isinstance(choice_data, dict):
            raise ValidationError(f"{where}, choice {number}: must be an object.")
        choice = Choice(question=question, **_pick(choice_data, CHOICE_FIELDS))
        _full_clean(choice, f"{where}, choice {number}", exclude=["question"])
        choice.save()
    try:
        question_choices_validate(
            kind=question.kind,
            choice_count=len(choices),
            correct_count=question.choices.filter(is_correct=True).count(),
        )
    except ValidationError as error:
        raise ValidationError(f"{where}: {' '.join(error.messages)}")


def _pick(data: dict, names: list[str]) -> dict:
    return {name: data[name] for name in names if name in data}


def _full_clean(instance: Test | Question | Choice, where: str, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
        raise ValidationError(f"{where}: {details}")
