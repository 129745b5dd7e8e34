"""Reads of the tests domain, one module per reader; every public name is importable from here.

- `attempts`: tests and attempts for the API and the back-office (lists, results, the review queue)
- `page`: the candidate's test page (the attempt by token, its clock, its questions)
- `proctoring`: the one tally of proctoring events, the API's summary and the reviewer's risk hint
- `transfer`: the JSON export of a test
- `exports`: the dashboards' counts and a candidate's data export
"""

from tests_app.selectors.attempts import (
    LATEST_ATTEMPTS,
    attempt_question_results,
    attempt_result,
    attempt_review_answers,
    attempts_all,
    attempts_latest,
    attempts_needing_review,
    attempts_newest_first,
    attempts_of_candidate,
    tests_active,
)
from tests_app.selectors.exports import attempt_counts, attempts_export
from tests_app.selectors.page import (
    PageChoice,
    PageQuestion,
    attempt_get_by_token,
    attempt_page_questions,
    attempt_public_status,
    attempt_remaining_seconds,
)
from tests_app.selectors.proctoring import (
    RISK_MAJOR,
    RISK_NONE,
    RISK_SOME,
    ProctorTally,
    RiskSummary,
    proctor_risk,
    proctor_tally,
    proctoring_summary,
)
from tests_app.selectors.transfer import test_export

__all__ = [
    "LATEST_ATTEMPTS",
    "RISK_MAJOR",
    "RISK_NONE",
    "RISK_SOME",
    "PageChoice",
    "PageQuestion",
    "ProctorTally",
    "RiskSummary",
    "attempt_counts",
    "attempt_get_by_token",
    "attempt_page_questions",
    "attempt_public_status",
    "attempt_question_results",
    "attempt_remaining_seconds",
    "attempt_result",
    "attempt_review_answers",
    "attempts_all",
    "attempts_export",
    "attempts_latest",
    "attempts_needing_review",
    "attempts_newest_first",
    "attempts_of_candidate",
    "proctor_risk",
    "proctor_tally",
    "proctoring_summary",
    "test_export",
    "tests_active",
]
