"""Candidates, vacancies and applications, with their stages."""

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from candidates.phones import INVALID_PHONE, InvalidPhone, phone_display, phone_to_e164
from core.languages import Language
from core.models import TimeStampedModel


# Labels are translated for the back-office; the API (always English) shows the English ones.
class CandidateStatus(models.TextChoices):
    NEW = "new", _("New")
    REVIEWING = "reviewing", _("Reviewing")
    TEST_ASSIGNED = "test_assigned", _("Test Assigned")
    TEST_COMPLETED = "test_completed", _("Test Completed")
    INTERVIEW = "interview", _("Interview")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


# An application in one of these stages is closed: it is no longer the candidate's current one
# while another application is open.
CLOSED_STATUSES = frozenset({CandidateStatus.ACCEPTED, CandidateStatus.REJECTED})


# Who closed an application the candidate withdrew (the history's actor); it is closed as `rejected`.
WITHDRAWN_BY_CANDIDATE = "candidate (withdrawn)"


class VacancySource(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class ApplicationSource(models.TextChoices):
    """The way an application came in: kept on the application, counted by the dashboard and reports."""

    TELEGRAM = "telegram", _("Telegram bot")
    CAREERS = "careers", _("Careers page")
    API = "api", _("1F API")
    BACKOFFICE = "backoffice", _("Back-office")
    HH = "hh", _("hh.ru")
    MAX = "max", _("MAX")
    EMAIL = "email", _("E-mail")
    # Applications recorded before the source was kept, when their history could not tell.
    OTHER = "other", _("Other")


def cv_upload_path(instance: "Candidate | Application", filename: str) -> str:
    # The stored name is random: the original name is kept in cv_filename and never trusted as a path.
    extension = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    candidate_id = instance.candidate_id if isinstance(instance, Application) else instance.id
    return f"cvs/{candidate_id}/{uuid.uuid4().hex}.{extension}"


class Candidate(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("ID"))
    telegram_id = models.BigIntegerField(unique=True, null=True, blank=True, verbose_name=_("Telegram ID"))
    fullname = models.CharField(max_length=301, blank=True, verbose_name=_("full name"))
    name = models.CharField(max_length=150, verbose_name=_("first name"))
    surname = models.CharField(max_length=150, blank=True, verbose_name=_("last name"))
    email = models.EmailField(blank=True, db_index=True, verbose_name=_("email"))
    phone = models.CharField(max_length=32, blank=True, verbose_name=_("phone"))
    dob = models.DateField(null=True, blank=True, verbose_name=_("date of birth"))
    status = models.CharField(
        max_length=20,
        choices=CandidateStatus.choices,
        default=CandidateStatus.NEW,
        db_index=True,
        verbose_name=_("status"),
    )
    ai_rating = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("AI rating"))
    ai_comment = models.TextField(blank=True, verbose_name=_("AI comment"))
    cv_file = models.FileField(upload_to=cv_upload_path, blank=True, verbose_name=_("CV file"))
    cv_filename = models.CharField(max_length=255, blank=True, verbose_name=_("CV file name"))
    cv_text = models.TextField(blank=True, verbose_name=_("CV text"))
    anonymized_at = models.DateTimeField(null=True, blank=True, verbose_name=_("anonymised at"))
    # What the candidate reads: from Telegram at registration, /language, or the test page's switcher.
    language = models.CharField(
        max_length=2, choices=Language.choices, blank=True, verbose_name=_("language")
    )
    # Consent to the data-processing policy (DATA_POLICY_VERSION), given before anything was stored.
    consent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("consent given at"))
    consent_policy_version = models.CharField(
        max_length=40, blank=True, verbose_name=_("consent policy version")
    )
    # SHA-256 of the CV text (kept by save()): the same CV under two records is a probable duplicate.
    cv_text_hash = models.CharField(max_length=64, blank=True, db_index=True, verbose_name=_("CV text hash"))
    # Set when HR merged this record into another: it is then a stub that redirects to that one.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_stubs",
        verbose_name=_("merged into"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        permissions = [("merge_candidate", _("Can merge duplicate candidates"))]
        indexes = [
            models.Index(Lower("email"), name="candidate_email_ci_idx"),
            models.Index(Lower("fullname"), name="candidate_fullname_ci_idx"),
            models.Index(fields=["phone"], name="candidate_phone_idx"),
            models.Index(fields=["status", "updated_at"], name="candidate_status_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ai_rating__isnull=True) | models.Q(ai_rating__lte=100),
                name="candidate_ai_rating_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CandidateStatus.values), name="candidate_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.fullname or str(self.id)

    def clean(self) -> None:
        """Stores the phone in E.164 (the admin form and `candidate_create` call full_clean)."""
        if self.phone:
            try:
                self.phone = phone_to_e164(self.phone)
            except InvalidPhone:
                raise ValidationError({"phone": INVALID_PHONE}) from None

    @property
    def phone_display(self) -> str:
        return phone_display(self.phone) if self.phone else ""

    def save(self, *args, **kwargs) -> None:
        self.fullname = " ".join(part for part in (self.name, self.surname) if part)
        text = self.cv_text.strip()
        self.cv_text_hash = hashlib.sha256(text.encode()).hexdigest() if text else ""
        fields = kwargs.get("update_fields")
        if fields is not None and {"name", "surname"} & set(fields):
            kwargs["update_fields"] = fields = {*fields, "fullname"}
        if fields is not None and "cv_text" in fields:
            kwargs["update_fields"] = {*fields, "cv_text_hash"}
        super().save(*args, **kwargs)


class Vacancy(TimeStampedModel):
    id = models.AutoField(primary_key=True, verbose_name=_("ID"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    requirements = models.TextField(blank=True, verbose_name=_("requirements"))
    source = models.CharField(
        max_length=10,
        choices=VacancySource.choices,
        default=VacancySource.INTERNAL,
        db_index=True,
        verbose_name=_("source"),
    )
    is_published = models.BooleanField(default=True, db_index=True, verbose_name=_("published"))
    # What interviewers rate (1-4 each) on an interview's scorecard: one criterion per line.
    scorecard_criteria = models.TextField(
        _("scorecard criteria"),
        blank=True,
        help_text=_("One criterion per line, rated 1–4 by each interviewer."),
    )
    # The HR user who hears about new applications to this vacancy.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")

    def __str__(self) -> str:
        return self.name

    @property
    def criteria(self) -> list[str]:
        return [line.strip() for line in self.scorecard_criteria.splitlines() if line.strip()]


class Application(TimeStampedModel):
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="applications", verbose_name=_("candidate")
    )
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.PROTECT, related_name="applications", verbose_name=_("vacancy")
    )
    applied_at = models.DateTimeField(db_index=True, verbose_name=_("applied at"))
    source = models.CharField(
        max_length=20,
        choices=ApplicationSource.choices,
        default=ApplicationSource.OTHER,
        verbose_name=_("source"),
    )
    # Set once the AI screening of this application has finished (or failed); the
    # new_application webhook is announced at that moment so it carries the rating.
    screened_at = models.DateTimeField(null=True, blank=True, verbose_name=_("screened at"))
    # The application's own stage, rating and CV; the candidate's fields mirror its current application.
    status = models.CharField(
        max_length=20,
        choices=CandidateStatus.choices,
        default=CandidateStatus.NEW,
        db_index=True,
        verbose_name=_("stage"),
    )
    status_changed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("stage changed at"))
    ai_rating = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("AI rating"))
    ai_comment = models.TextField(blank=True, verbose_name=_("AI comment"))
    cv_file = models.FileField(upload_to=cv_upload_path, blank=True, verbose_name=_("CV file"))
    cv_filename = models.CharField(max_length=255, blank=True, verbose_name=_("CV file name"))
    cv_text = models.TextField(blank=True, verbose_name=_("CV text"))
    # The HR user who looks after this application (hears about the candidate's messages).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["vacancy", "status"], name="application_vacancy_status_idx"),
            models.Index(fields=["candidate", "-applied_at"], name="application_candidate_idx"),
            models.Index(fields=["vacancy", "source"], name="application_vacancy_source_idx"),
            models.Index(fields=["source", "applied_at"], name="application_source_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "vacancy"], name="application_one_per_vacancy"),
            models.CheckConstraint(
                condition=models.Q(ai_rating__isnull=True) | models.Q(ai_rating__lte=100),
                name="application_ai_rating_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CandidateStatus.values), name="application_status_valid"
            ),
        ]

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def __str__(self) -> str:
        return f"{self.candidate} -> {self.vacancy}"
