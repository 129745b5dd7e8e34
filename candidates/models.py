import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from candidates.phones import INVALID_PHONE, InvalidPhone, phone_display, phone_to_e164
from core.languages import Language
from core.models import Tally, TimeStampedModel


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


class VacancySource(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


def cv_upload_path(instance: "Candidate | Application", filename: str) -> str:
    # The stored name is random: the original name is kept in cv_filename and never trusted as a path.
    extension = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    candidate_id = instance.candidate_id if isinstance(instance, Application) else instance.id
    return f"cvs/{candidate_id}/{uuid.uuid4().hex}.{extension}"


class Candidate(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    telegram_id = models.BigIntegerField(unique=True, null=True, blank=True)
    fullname = models.CharField(max_length=301, blank=True)
    name = models.CharField(max_length=150)
    surname = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=32, blank=True)
    dob = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.NEW, db_index=True
    )
    ai_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    ai_comment = models.TextField(blank=True)
    cv_file = models.FileField(upload_to=cv_upload_path, blank=True)
    cv_filename = models.CharField(max_length=255, blank=True)
    cv_text = models.TextField(blank=True)
    anonymized_at = models.DateTimeField(null=True, blank=True)
    # What the candidate reads: from Telegram at registration, /language, or the test page's switcher.
    language = models.CharField(max_length=2, choices=Language.choices, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(Lower("email"), name="candidate_email_ci_idx"),
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
        if kwargs.get("update_fields") is not None and {"name", "surname"} & set(kwargs["update_fields"]):
            kwargs["update_fields"] = {*kwargs["update_fields"], "fullname"}
        super().save(*args, **kwargs)


class Vacancy(TimeStampedModel):
    id = models.AutoField(primary_key=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    requirements = models.TextField(blank=True)
    source = models.CharField(
        max_length=10, choices=VacancySource.choices, default=VacancySource.INTERNAL, db_index=True
    )
    is_published = models.BooleanField(default=True, db_index=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "vacancies"

    def __str__(self) -> str:
        return self.name


class Application(TimeStampedModel):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    applied_at = models.DateTimeField(db_index=True)
    # Set once the AI screening of this application has finished (or failed); the
    # new_application webhook is announced at that moment so it carries the rating.
    screened_at = models.DateTimeField(null=True, blank=True)
    # The application's own stage, rating and CV; the candidate's fields mirror its current application.
    status = models.CharField(
        max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.NEW, db_index=True
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    ai_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    ai_comment = models.TextField(blank=True)
    cv_file = models.FileField(upload_to=cv_upload_path, blank=True)
    cv_filename = models.CharField(max_length=255, blank=True)
    cv_text = models.TextField(blank=True)

    class Meta:
        ordering = ["-applied_at"]
        indexes = [
            models.Index(fields=["vacancy", "status"], name="application_vacancy_status_idx"),
            models.Index(fields=["candidate", "-applied_at"], name="application_candidate_idx"),
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


class AIAnalysis(TimeStampedModel):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="ai_analyses")
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="ai_analyses"
    )
    backend = models.CharField(max_length=20)
    model = models.CharField(max_length=100, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    breakdown = models.JSONField(default=list, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    input_hash = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "AI analysis"
        verbose_name_plural = "AI analyses"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__lte=100),
                name="ai_analysis_rating_0_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.backend} {self.rating} for {self.candidate}"


class Grade(TimeStampedModel):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="grades")
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(value__lte=100), name="grade_value_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.value} for {self.candidate}"


class HistoryKind(models.TextChoices):
    APPLIED = "applied", "Applied"
    STATUS_CHANGED = "status_changed", "Stage changed"
    ANALYSED = "analysed", "AI analysis"
    GRADE_ADDED = "grade_added", "Grade added"
    GRADE_EDITED = "grade_edited", "Grade edited"
    GRADE_EDITED_AFTER_SHARING = "grade_edited_after_sharing", "Grade edited after sharing"
    GRADE_SHARED = "grade_shared", "Grade shared"
    INVITED = "invited", "Invited to a test"
    MESSAGE_SENT = "message_sent", "Message sent"
    ANONYMISED = "anonymised", "Anonymised"


class HistoryEntry(TimeStampedModel):
    """One thing that happened to a candidate (and, when it concerns one, to an application)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="history")
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="history"
    )
    kind = models.CharField(max_length=40, choices=HistoryKind.choices)
    from_value = models.CharField(max_length=40, blank=True)
    to_value = models.CharField(max_length=40, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who or what did it when no user did: "API key <name>", "bot", "automatic rule", "bulk action".
    actor_label = models.CharField(max_length=150, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "history entries"
        indexes = [
            models.Index(fields=["candidate", "-created_at"], name="history_candidate_idx"),
            models.Index(fields=["application", "kind", "created_at"], name="history_application_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.candidate_id}"


class CandidateTally(Tally):
    """`status:<status>` (candidates per status) and `applied` (candidates with an application),
    kept by the triggers of migration 0006 on PostgreSQL; read by selectors.candidate_counts."""

    class Meta:
        ordering = ["name", "shard"]
        constraints = [models.UniqueConstraint(fields=["name", "shard"], name="candidate_tally_name_shard")]
