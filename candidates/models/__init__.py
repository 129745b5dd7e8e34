"""The candidates app's models, in two modules; everything is importable from here."""

from candidates.models.duplicates import (
    MERGE_UNDO_WINDOW,
    CandidateMerge,
    DuplicatePair,
    DuplicateReason,
    DuplicateState,
)
from candidates.models.people import (
    CLOSED_STATUSES,
    WITHDRAWN_BY_CANDIDATE,
    Application,
    ApplicationSource,
    Candidate,
    CandidateStatus,
    Vacancy,
    VacancySource,
    cv_upload_path,
)
from candidates.models.records import (
    AIAnalysis,
    CandidateSearch,
    CandidateTally,
    Grade,
    HistoryEntry,
    HistoryKind,
)

__all__ = [
    "CLOSED_STATUSES",
    "MERGE_UNDO_WINDOW",
    "WITHDRAWN_BY_CANDIDATE",
    "AIAnalysis",
    "Application",
    "ApplicationSource",
    "Candidate",
    "CandidateMerge",
    "CandidateSearch",
    "CandidateStatus",
    "CandidateTally",
    "DuplicatePair",
    "DuplicateReason",
    "DuplicateState",
    "Grade",
    "HistoryEntry",
    "HistoryKind",
    "Vacancy",
    "VacancySource",
    "cv_upload_path",
]
