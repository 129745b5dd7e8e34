"""Writes of the candidates domain. Every stage change goes through `application_status_change`
(or `candidate_status_change`, which moves the candidate's current application)."""

from candidates.services.cv import CV_EXTENSIONS, cv_check, cv_max_mb
from candidates.services.duplicates import duplicate_dismiss, duplicates_detect, duplicates_detect_all
from candidates.services.grades import grade_create, grade_share, grade_update
from candidates.services.history import history_record
from candidates.services.identity import MATCH_ALL, Person, Registration, candidate_register
from candidates.services.merge import FILLABLE as MERGE_FILLABLE
from candidates.services.merge import candidate_merge, candidate_relations
from candidates.services.merge_undo import candidate_merge_undo, merge_undo_blocker
from candidates.services.people import (
    ANONYMIZED_NAME,
    ANONYMIZED_TEXT,
    candidate_anonymize,
    candidate_attach_cv,
    candidate_consent_record,
    candidate_create,
    candidate_language_set,
    vacancies_set_published,
)
from candidates.services.pipeline import (
    AUTOMATIC_RULE,
    STATUSES_MOVED_BY_INVITATION,
    ApplicationAlreadyExists,
    application_create,
    application_mark_screened,
    application_status_change,
    applications_assign_owner,
    candidate_mark_test_assigned,
    candidate_mark_tests_completed,
    candidate_status_change,
    candidate_sync_current,
)
from candidates.services.upkeep import (
    WITHDRAWN_BY_CANDIDATE,
    application_replace_cv,
    application_withdraw,
    candidate_update_contact,
)

__all__ = [
    "ANONYMIZED_NAME",
    "ANONYMIZED_TEXT",
    "AUTOMATIC_RULE",
    "CV_EXTENSIONS",
    "MATCH_ALL",
    "MERGE_FILLABLE",
    "STATUSES_MOVED_BY_INVITATION",
    "WITHDRAWN_BY_CANDIDATE",
    "ApplicationAlreadyExists",
    "Person",
    "Registration",
    "application_create",
    "application_mark_screened",
    "application_replace_cv",
    "application_status_change",
    "application_withdraw",
    "applications_assign_owner",
    "candidate_anonymize",
    "candidate_attach_cv",
    "candidate_consent_record",
    "candidate_create",
    "candidate_language_set",
    "candidate_mark_test_assigned",
    "candidate_mark_tests_completed",
    "candidate_merge",
    "candidate_merge_undo",
    "candidate_register",
    "candidate_relations",
    "candidate_status_change",
    "candidate_sync_current",
    "candidate_update_contact",
    "cv_check",
    "cv_max_mb",
    "duplicate_dismiss",
    "duplicates_detect",
    "duplicates_detect_all",
    "grade_create",
    "grade_share",
    "grade_update",
    "history_record",
    "merge_undo_blocker",
    "vacancies_set_published",
]
