"""Writes of the candidates domain. Every status change goes through `candidate_status_change`."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from candidates import signals
from candidates.models import Application, Candidate, CandidateStatus, Grade, Vacancy

# The automatic move on an invitation only touches candidates HR has not moved further on.
STATUSES_MOVED_BY_INVITATION = frozenset({CandidateStatus.NEW, CandidateStatus.REVIEWING})


class ApplicationAlreadyExists(ValidationError):
    pass


def candidate_create(
    *,
    name: str,
    surname: str = "",
    email: str = "",
    phone: str = "",
    dob: dt.date | None = None,
    telegram_id: int | None = None,
) -> Candidate:
    candidate = Candidate(
        name=name, surname=surname, email=email.strip(), phone=phone, dob=dob, telegram_id=telegram_id
    )
    candidate.full_clean()
    candidate.save()
    return candidate


def candidate_status_change(
    *, candidate: Candidate, status: str, actor: AbstractBaseUser | None = None
) -> bool:
    """Set the status and announce it once. Returns False (and announces nothing) when unchanged."""
    if status not in CandidateStatus.values:
        raise ValidationError({"status": f"Unknown candidate status {status!r}."})
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        old_status = locked.status
        if old_status == status:
            candidate.status = status
            return False
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        candidate.status, candidate.updated_at = locked.status, locked.updated_at
        signals.candidate_status_changed.send(
            sender=Candidate, candidate=locked, old_status=old_status, new_status=status, actor=actor
        )
    return True


def candidate_mark_test_assigned(*, candidate: Candidate) -> bool:
    if candidate.status not in STATUSES_MOVED_BY_INVITATION:
        return False
    return candidate_status_change(candidate=candidate, status=CandidateStatus.TEST_ASSIGNED)


def candidate_mark_tests_completed(*, candidate: Candidate, all_attempts_finished: bool) -> bool:
    """Automatic move once every assigned test is finished (only from `test_assigned`)."""
    if candidate.status != CandidateStatus.TEST_ASSIGNED or not all_attempts_finished:
        return False
    return candidate_status_change(candidate=candidate, status=CandidateStatus.TEST_COMPLETED)


def application_create(
    *, candidate: Candidate, vacancy: Vacancy, applied_at: dt.datetime | None = None
) -> Application:
    """Record the application; its screening runs after commit and then announces it."""
    if not vacancy.is_published:
        raise ValidationError({"vacancy": "This vacancy is not open for applications."})
    try:
        with transaction.atomic():
            application = Application.objects.create(
                candidate=candidate, vacancy=vacancy, applied_at=applied_at or timezone.now()
            )
    except IntegrityError:
        raise ApplicationAlreadyExists(
            {"vacancy": "The candidate has already applied to this vacancy."}
        ) from None
    from candidates.tasks import screen_application  # tasks call services: imported here to break the cycle

    transaction.on_commit(lambda: screen_application.delay(application.id), robust=True)
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


def grade_create(
    *, candidate: Candidate, value: int, comment: str = "", created_by: AbstractBaseUser | None = None
) -> Grade:
    grade = Grade(candidate=candidate, value=value, comment=comment, created_by=created_by)
    grade.full_clean()
    grade.save()
    return grade


def grade_share(*, grade: Grade, shared_by: AbstractBaseUser | None = None) -> Grade:
    """Share a grade with OneF. Sharing again re-sends it with a new `shared_at`."""
    with transaction.atomic():
        grade.shared_at = timezone.now()
        grade.shared_by = shared_by
        grade.save(update_fields=["shared_at", "shared_by", "updated_at"])
        signals.grade_shared.send(sender=Grade, grade=grade, shared_by=shared_by)
    return grade


CV_EXTENSIONS = ("pdf", "docx", "txt")


def _readable_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{size / 1024:g} KB"


def candidate_attach_cv(*, candidate: Candidate, content: bytes, filename: str) -> Candidate:
    """Store a CV file for the candidate; its text is extracted by the screening when it runs."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in CV_EXTENSIONS:
        raise ValidationError(
            {
                "cv_file": f"The CV must be a PDF, DOCX or TXT file, got {filename or 'a file without a name'!r}."
            }
        )
    if not content:
        raise ValidationError({"cv_file": "The CV file is empty."})
    if len(content) > settings.CV_MAX_BYTES:
        raise ValidationError({"cv_file": f"The CV must be at most {_readable_size(settings.CV_MAX_BYTES)}."})
    previous = candidate.cv_file.name if candidate.cv_file else ""
    candidate.cv_file.save(filename, ContentFile(content), save=False)
    candidate.cv_filename = filename[:255]
    candidate.save(update_fields=["cv_file", "cv_filename", "updated_at"])
    if previous and previous != candidate.cv_file.name:
        # The new CV replaces the old one; the previous file is no longer referenced anywhere.
        transaction.on_commit(lambda: candidate.cv_file.storage.delete(previous), robust=True)
    return candidate


ANONYMIZED_NAME = "Anonymised"
ANONYMIZED_TEXT = "[removed on request]"


def candidate_anonymize(*, candidate: Candidate) -> bool:
    """Wipe what the candidates app holds of a person; returns False when already anonymised.

    Runs inside the caller's transaction (the back-office's erase also wipes the other apps' rows).
    The row, its status, applications, attempt scores and grades stay so the statistics (funnel,
    counters) do not change, and no status change is announced: nothing about the hiring moved.
    """
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.anonymized_at is not None:
            return False
        cv_file = locked.cv_file.name
        personal = {
            field: getattr(locked, field) for field in ("name", "surname", "email", "phone", "telegram_id")
        }
        locked.name, locked.surname, locked.email, locked.phone = ANONYMIZED_NAME, "", "", ""
        locked.dob, locked.telegram_id = None, None
        locked.cv_file, locked.cv_filename, locked.cv_text, locked.ai_comment = "", "", "", ""
        locked.anonymized_at = timezone.now()
        locked.save()
        locked.ai_analyses.update(comment="")
        locked.grades.update(comment="")
        signals.candidate_anonymized.send(sender=Candidate, candidate=locked, personal=personal)
        if cv_file:
            storage = Candidate._meta.get_field("cv_file").storage
            transaction.on_commit(lambda: storage.delete(cv_file))
    for field in ("name", "surname", "fullname", "email", "phone", "dob", "telegram_id", "cv_file"):
        setattr(candidate, field, getattr(locked, field))
    candidate.cv_filename, candidate.cv_text, candidate.ai_comment = "", "", ""
    candidate.anonymized_at = locked.anonymized_at
    return True


def vacancies_set_published(*, vacancies: QuerySet[Vacancy], is_published: bool) -> int:
    """Open or close vacancies for applications; returns how many changed."""
    return vacancies.exclude(is_published=is_published).update(
        is_published=is_published, updated_at=timezone.now()
    )
