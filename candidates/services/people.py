"""Writes about the person: registration, their CV, anonymisation; and opening/closing vacancies."""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from candidates import signals
from candidates.models import Application, Candidate, CandidateMerge, HistoryKind, Vacancy
from candidates.services.cv import cv_check
from candidates.services.history import history_record
from core.languages import Language


def candidate_create(
    *,
    name: str,
    surname: str = "",
    email: str = "",
    phone: str = "",
    dob: dt.date | None = None,
    telegram_id: int | None = None,
    language: str = "",
    consent_at: dt.datetime | None = None,
    consent_policy_version: str = "",
) -> Candidate:
    """A new candidate; `consent_*` record the data-processing policy they accepted (bot, careers page)."""
    candidate = Candidate(
        name=name,
        surname=surname,
        email=email.strip(),
        phone=phone,
        dob=dob,
        telegram_id=telegram_id,
        language=language,
        consent_at=consent_at,
        consent_policy_version=consent_policy_version if consent_at else "",
    )
    candidate.full_clean()
    candidate.save()
    return candidate


def candidate_consent_record(*, candidate: Candidate, consent_at: dt.datetime, policy_version: str) -> None:
    """The candidate accepted the data-processing policy `policy_version` at `consent_at` (again)."""
    candidate.consent_at, candidate.consent_policy_version = consent_at, policy_version[:40]
    candidate.save(update_fields=["consent_at", "consent_policy_version", "updated_at"])


def candidate_language_set(*, candidate: Candidate, language: str) -> None:
    """What the candidate reads from now on (bot, messages, test pages)."""
    if language not in Language.values:
        raise ValidationError({"language": f"Unknown language {language!r}."})
    if candidate.language != language:
        candidate.language = language
        candidate.save(update_fields=["language", "updated_at"])


def candidate_attach_cv(*, candidate: Candidate, content: bytes, filename: str) -> Candidate:
    """Store a CV file for the candidate; its text is extracted by the screening when it runs."""
    cv_check(name=filename, size=len(content))
    previous = candidate.cv_file.name if candidate.cv_file else ""
    candidate.cv_file.save(filename, ContentFile(content), save=False)
    candidate.cv_filename = filename[:255]
    candidate.save(update_fields=["cv_file", "cv_filename", "updated_at"])
    in_use = Application.objects.filter(cv_file=previous).exists() if previous else False
    if previous and previous != candidate.cv_file.name and not in_use:
        # The new CV replaces the old one; no application refers to the previous file.
        transaction.on_commit(lambda: candidate.cv_file.storage.delete(previous), robust=True)
    return candidate


ANONYMIZED_NAME = "Anonymised"
ANONYMIZED_TEXT = "[removed on request]"


def candidate_anonymize(
    *, candidate: Candidate, actor: AbstractBaseUser | None = None, actor_label: str = ""
) -> bool:
    """Wipe what the candidates app holds of a person; returns False when already anonymised.

    Runs inside the caller's transaction (the back-office's erase also wipes the other apps' rows).
    The row, its status, applications, attempt scores and grades stay so the statistics (funnel,
    counters) do not change, and no status change is announced: nothing about the hiring moved.
    """
    with transaction.atomic():
        locked = Candidate.objects.select_for_update(no_key=True).get(pk=candidate.pk)
        if locked.anonymized_at is not None:
            return False
        cv_files = {locked.cv_file.name, *locked.applications.values_list("cv_file", flat=True)} - {""}
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
        locked.applications.update(cv_file="", cv_filename="", cv_text="", ai_comment="")
        locked.history.filter(kind=HistoryKind.CV_UPDATED).update(details={})  # the CV's file name
        # What a merge kept for its undo (a removed e-mail channel's address): no undo after erasure.
        CandidateMerge.objects.filter(Q(kept=locked) | Q(merged=locked)).update(moved={}, filled=[])
        history_record(candidate=locked, kind=HistoryKind.ANONYMISED, actor=actor, actor_label=actor_label)
        signals.candidate_anonymized.send(sender=Candidate, candidate=locked, personal=personal)
        storage = Candidate._meta.get_field("cv_file").storage
        for name in cv_files:
            transaction.on_commit(lambda name=name: storage.delete(name))
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
