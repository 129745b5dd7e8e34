"""The tests app's models, in two modules; everything is importable from here."""

from tests_app.models.attempts import (
    AWAY_DURATION_EVENT_KINDS,
    PAGE_EVENT_KINDS,
    Answer,
    Attempt,
    AttemptForReview,
    AttemptTally,
    ProctorEvent,
    ProctorEventKind,
)
from tests_app.models.content import (
    FINISHED_ATTEMPT_STATUSES,
    SCORED_ATTEMPT_STATUSES,
    TEXT_QUESTION_KINDS,
    AttemptStatus,
    Choice,
    MultipleChoiceScoring,
    Question,
    QuestionKind,
    Test,
    new_attempt_token,
)

__all__ = [
    "AWAY_DURATION_EVENT_KINDS",
    "FINISHED_ATTEMPT_STATUSES",
    "PAGE_EVENT_KINDS",
    "SCORED_ATTEMPT_STATUSES",
    "TEXT_QUESTION_KINDS",
    "Answer",
    "Attempt",
    "AttemptForReview",
    "AttemptStatus",
    "AttemptTally",
    "Choice",
    "MultipleChoiceScoring",
    "ProctorEvent",
    "ProctorEventKind",
    "Question",
    "QuestionKind",
    "Test",
    "new_attempt_token",
]
