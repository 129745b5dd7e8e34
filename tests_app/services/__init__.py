"""Writes of the tests domain, one module per job; every public name is importable from here.

- `transitions`: the attempt state machine (the transition table, the row lock, the errors)
- `attempts`: invitation, start, heartbeat, submit
- `closing`: the escape rule and the timeout (every request and the sweep apply it)
- `devices`: one browser at a time, and moving the test to another
- `answers`: the candidate's answers
- `proctoring`: the page's proctoring events
- `review`: HR's points for open answers and the regrade
- `scoring`: grading an attempt and deciding its result
- `questions`: the rules of a question's choices
- `transfer`: the JSON import of a test
"""

from tests_app.models import FINISHED_ATTEMPT_STATUSES
from tests_app.services.answers import MAX_ANSWER_CHARS, answer_save, answers_anonymize
from tests_app.services.attempts import (
    MAX_EXTRA_MINUTES,
    MAX_INVITATION_HOURS,
    attempt_heartbeat,
    attempt_invite,
    attempt_start,
    attempt_submit,
)
from tests_app.services.closing import (
    attempt_close_if_due,
    attempt_close_timeout,
    attempt_due_status,
    attempt_mark_escaped,
    attempts_close_overdue,
)
from tests_app.services.devices import attempt_device_move
from tests_app.services.proctoring import (
    MAX_PROCTOR_EVENTS_PER_ATTEMPT,
    MAX_PROCTOR_EVENTS_PER_CALL,
    proctor_events_record,
)
from tests_app.services.questions import question_choices_validate
from tests_app.services.review import answer_review, attempt_finish_review, attempt_review_save
from tests_app.services.transfer import TEST_EXPORT_FORMAT, TEST_EXPORT_VERSION, test_import
from tests_app.services.transitions import (
    ALLOWED_TRANSITIONS,
    AttemptClosed,
    AttemptGone,
    InvalidTransition,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "FINISHED_ATTEMPT_STATUSES",
    "MAX_ANSWER_CHARS",
    "MAX_EXTRA_MINUTES",
    "MAX_INVITATION_HOURS",
    "MAX_PROCTOR_EVENTS_PER_ATTEMPT",
    "MAX_PROCTOR_EVENTS_PER_CALL",
    "TEST_EXPORT_FORMAT",
    "TEST_EXPORT_VERSION",
    "AttemptClosed",
    "AttemptGone",
    "InvalidTransition",
    "answer_review",
    "answer_save",
    "answers_anonymize",
    "attempt_close_if_due",
    "attempt_close_timeout",
    "attempt_device_move",
    "attempt_due_status",
    "attempt_finish_review",
    "attempt_heartbeat",
    "attempt_invite",
    "attempt_mark_escaped",
    "attempt_review_save",
    "attempt_start",
    "attempt_submit",
    "attempts_close_overdue",
    "proctor_events_record",
    "question_choices_validate",
    "test_import",
]
