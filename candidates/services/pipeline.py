"""The hiring pipeline: each application has its own stage; the candidate mirrors its current one.

The rule (docs/api.md, "Candidate-level fields"): a candidate's current application is the most
recently applied one that is not closed (accepted/rejected); when all are closed, the most recent.
The candidate's `status`, `ai_rating`, `ai_comment` (and its CV, when that application has one) are
copies of the current application's. A change of the candidate's `status`, by any path, is announced
exactly once with `candidate_status_changed`.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from candidates import signals
from candidates.models import (
    CLOSED_STATUSES,
    Application,
    ApplicationSource,
    Candidate,
    CandidateStatus,
    Vacancy,
)
from candidates.selectors import applications_current_first
from candidates.services.history import history_applied, history_status_change

# The automatic move on an invitation only touches applications HR has not moved further on.
STATUSES_MOVED_BY_INVITATION = frozenset({CandidateStatus.NEW, CandidateStatus.REVIEWING})
AUTOMATIC_RULE = "automatic rule"


class ApplicationAlreadyExists(ValidationError):
    pass


def _validate_status(status: str) -> None:
    if status not in CandidateStatus.values:
        raise ValidationError({"status": f"Unknown candidate status {status!r}."})


def _candidate_set_status(
    *, locked: Candidate, status: str, actor: AbstractBaseUser | None, actor_label: str, record: bool
) -> bool:
    """Set the locked candidate's own status and announce it; `record` writes a history entry."""
    from candidates.services.history import history_status_change  # history sits beside, below it

    old_status = locked.status
    if old_status == status:
        return False
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    if record:
        history_status_change(
            candidate=locked,
            application=None,
            old=old_status,
            new=status,
            actor=actor,
            actor_label=actor_label,
        )
    signals.candidate_status_changed.send(
        sender=Candidate,
        candidate=locked,
        old_status=old_status,
        new_status=status,
        actor=actor,
        actor_label=actor_label,
    )
    return True


def candidate_sync_current(
    *,
    candidate: Candidate,
    actor: AbstractBaseUser | None = None,
    actor_label: str = "",
    moved: Application | None = None,
) -> bool:
    """Copy the current application's fields onto the (locked) candidate; True when its status changed.

    Call inside a transaction holding the candidate's row lock. `moved` is the application whose
    stage was just changed (its history entry is written already).
    """
    current = applications_current_first(candidate.pk).first()
    if current is None:
        return False
    fields = []
    if (candidate.ai_rating, candidate.ai_comment) != (current.ai_rating, current.ai_comment):
        candidate.ai_rating, candidate.ai_comment = current.ai_rating, current.ai_comment
        fields += ["ai_rating", "ai_comment"]
    if current.cv_file and candidate.cv_file.name != current.cv_file.name:
        candidate.cv_file, candidate.cv_filename = current.cv_file.name, current.cv_filename
        fields += ["cv_file", "cv_filename"]
    if current.cv_text and candidate.cv_text != current.cv_text:
        candidate.cv_text = current.cv_text
        fields.append("cv_text")
    if fields:
        candidate.save(update_fields=[*fields, "updated_at"])
    record = moved is None or moved.pk != current.pk
    return _candidate_set_status(
        locked=candidate, status=current.status, actor=actor, actor_label=actor_label, record=record
    )


def _copy_back(target: Candidate, locked: Candidate) -> None:
    for name in ("status", "ai_rating", "ai_comment", "cv_file", "cv_filename", "cv_text", "updated_at"):
        setattr(target, name, getattr(locked, name))


def application_status_change(
    *,
    application: Application,
    status: str,
    actor: AbstractBaseUser | None = None,
    actor_label: str = "",
) -> bool:
    """Move one application to a stage. Returns False (and records nothing) when it is already there."""
    _validate_status(status)
    with transaction.atomic():
        # FOR NO KEY UPDATE (here and wherever a candidate or an application is locked): changes of
        # one candidate still wait for each other, but another transaction's foreign-key check (a
        # message or a history entry written for the candidate meanwhile) does not wait for us, so the
        # two cannot deadlock (tests/candidates/test_candidate_row_lock.py).
        candidate = Candidate.objects.select_for_update(no_key=True).get(pk=application.candidate_id)
        locked = Application.objects.select_for_update(no_key=True).get(pk=application.pk)
        old_status = locked.status
        if old_status == status:
            application.status = status
            return False
        locked.status, locked.status_changed_at = status, timezone.now()
        locked.save(update_fields=["status", "status_changed_at", "updated_at"])
        history_status_change(
            candidate=candidate,
            application=locked,
            old=old_status,
            new=status,
            actor=actor,
            actor_label=actor_label,
        )
        signals.application_status_changed.send(
            sender=Application,
            application=locked,
            old_status=old_status,
            new_status=status,
            actor=actor,
            actor_label=actor_label,
        )
        candidate_sync_current(candidate=candidate, actor=actor, actor_label=actor_label, moved=locked)
    application.status, application.status_changed_at = locked.status, locked.status_changed_at
    application.updated_at = locked.updated_at
    return True


def candidate_status_change(
    *,
    candidate: Candidate,
    status: str,
    actor: AbstractBaseUser | None = None,
    actor_label: str = "",
) -> bool:
    """Move the candidate's current application (or, with none, the candidate) to `status`.

    Returns False (and announces nothing) when the status is unchanged.
    """
    _validate_status(status)
    with transaction.atomic():
        locked = Candidate.objects.select_for_update(no_key=True).get(pk=candidate.pk)
        current = applications_current_first(locked.pk).first()
        if current is None:
            changed = _candidate_set_status(
                locked=locked, status=status, actor=actor, actor_label=actor_label, record=True
            )
        else:
            changed = application_status_change(
                application=current, status=status, actor=actor, actor_label=actor_label
            )
            locked.refresh_from_db()
        _copy_back(candidate, locked)
    return changed


def _current_application(candidate: Candidate) -> Application | None:
    return applications_current_first(candidate.pk).first()


def candidate_mark_test_assigned(*, candidate: Candidate) -> bool:
    """An invitation moves the current application from `new`/`reviewing` to `test_assigned`."""
    current = _current_application(candidate)
    status = current.status if current is not None else candidate.status
    if status not in STATUSES_MOVED_BY_INVITATION:
        return False
    return candidate_status_change(
        candidate=candidate, status=CandidateStatus.TEST_ASSIGNED, actor_label=AUTOMATIC_RULE
    )


def candidate_mark_tests_completed(*, candidate: Candidate, all_attempts_finished: bool) -> bool:
    """Automatic move once every assigned test is finished (only from `test_assigned`)."""
    current = _current_application(candidate)
    status = current.status if current is not None else candidate.status
    if status != CandidateStatus.TEST_ASSIGNED or not all_attempts_finished:
        return False
    return candidate_status_change(
        candidate=candidate, status=CandidateStatus.TEST_COMPLETED, actor_label=AUTOMATIC_RULE
    )


def application_create(
    *,
    candidate: Candidate,
    vacancy: Vacancy,
    source: str,
    applied_at: dt.datetime | None = None,
    actor: AbstractBaseUser | None = None,
    actor_label: str = "",
) -> Application:
    """Record the application (with the candidate's latest CV); its screening runs after commit.

    `source` is the way it came in (an `ApplicationSource`), kept for the dashboard and the reports.
    """
    if source not in ApplicationSource.values:
        raise ValueError(f"Unknown application source {source!r}.")
    if not vacancy.is_published:
        raise ValidationError({"vacancy": "This vacancy is not open for applications."})
    try:
        with transaction.atomic():
            locked = Candidate.objects.select_for_update(no_key=True).get(pk=candidate.pk)
            if locked.merged_into_id is not None:  # merged meanwhile: the application joins the kept one
                locked = Candidate.objects.select_for_update(no_key=True).get(pk=locked.merged_into_id)
            application = Application.objects.create(
                candidate=locked,
                vacancy=vacancy,
                source=source,
                applied_at=applied_at or timezone.now(),
                cv_file=locked.cv_file.name,
                cv_filename=locked.cv_filename,
                cv_text=locked.cv_text,
            )
            history_applied(application=application, actor=actor, actor_label=actor_label)
            candidate_sync_current(candidate=locked, actor=actor, actor_label=actor_label)
            _copy_back(candidate, locked)
            signals.application_created.send(sender=Application, application=application)
    except IntegrityError:
        raise ApplicationAlreadyExists(
            {"vacancy": "The candidate has already applied to this vacancy."}
        ) from None
    return application


def application_mark_screened(*, application: Application) -> None:
    """Called by the screening once the rating is stored; announces the application exactly once."""
    with transaction.atomic():
        updated = Application.objects.filter(pk=application.pk, screened_at__isnull=True).update(
            screened_at=timezone.now()
        )
        if updated:
            application.refresh_from_db(fields=["screened_at"])
            signals.application_screened.send(sender=Application, application=application)


def applications_assign_owner(*, candidate: Candidate, owner: AbstractBaseUser | None) -> int:
    """Make `owner` the HR user of the candidate's open applications (all of them when none is open)."""
    applications = Application.objects.filter(candidate=candidate).exclude(status__in=CLOSED_STATUSES)
    if not applications.exists():
        applications = Application.objects.filter(candidate=candidate)
    return applications.exclude(owner=owner).update(owner=owner, updated_at=timezone.now())
