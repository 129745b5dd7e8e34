"""The JSON export of a test; `services.test_import` reads it back."""

from tests_app.models import Test
from tests_app.services.transfer import TEST_EXPORT_FORMAT, TEST_EXPORT_VERSION


def test_export(*, test: Test) -> dict:
    """A self-contained JSON description of a test (questions, choices and their right answers)."""
    return {
        "format": TEST_EXPORT_FORMAT,
        "version": TEST_EXPORT_VERSION,
        "title": test.title,
        "description": test.description,
        "duration_minutes": test.duration_minutes,
        "pass_threshold": None if test.pass_threshold is None else str(test.pass_threshold),
        "is_active": test.is_active,
        "shuffle_questions": test.shuffle_questions,
        "shuffle_choices": test.shuffle_choices,
        "questions": [
            {
                "kind": q.kind,
                "text": q.text,
                "points": str(q.points),
                "order": q.order,
                "scoring": q.scoring,
                "choices": [
                    {"text": c.text, "is_correct": c.is_correct, "order": c.order} for c in q.choices.all()
                ],
            }
            for q in test.questions.prefetch_related("choices")
        ],
    }
