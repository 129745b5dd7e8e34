"""What happened to a candidate: AI analyses, grades and the history."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models.people import Application, Candidate
from core.models import Tally, TimeStampedModel


class AIAnalysis(TimeStampedModel):
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="ai_analyses", verbose_name=_("candidate")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ai_analyses",
        verbose_name=_("application"),
    )
    backend = models.CharField(max_length=20, verbose_name=_("backend"))
    model = models.CharField(max_length=100, blank=True, verbose_name=_("model"))
    rating = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("rating"))
    comment = models.TextField(blank=True, verbose_name=_("comment"))
    breakdown = models.JSONField(default=list, blank=True, verbose_name=_("breakdown"))
    duration_ms = models.PositiveIntegerField(default=0, verbose_name=_("duration (ms)"))
    input_hash = models.CharField(max_length=64, blank=True, verbose_name=_("input hash"))
    error = models.TextField(blank=True, verbose_name=_("error"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("AI analysis")
        verbose_name_plural = _("AI analyses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__lte=100),
                name="ai_analysis_rating_0_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.backend} {self.rating} for {self.candidate}"


class Grade(TimeStampedModel):
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="grades", verbose_name=_("candidate")
    )
    value = models.PositiveSmallIntegerField(verbose_name=_("grade"))
    comment = models.TextField(blank=True, verbose_name=_("comment"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    shared_at = models.DateTimeField(null=True, blank=True, verbose_name=_("shared at"))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shared by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        constraints = [
            models.CheckConstraint(condition=models.Q(value__lte=100), name="grade_value_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.value} for {self.candidate}"


class HistoryKind(models.TextChoices):
    APPLIED = "applied", _("Applied")
    STATUS_CHANGED = "status_changed", _("Stage changed")
    ANALYSED = "analysed", _("AI analysis")
    GRADE_ADDED = "grade_added", _("Grade added")
    GRADE_EDITED = "grade_edited", _("Grade edited")
    GRADE_EDITED_AFTER_SHARING = "grade_edited_after_sharing", _("Grade edited after sharing")
    GRADE_SHARED = "grade_shared", _("Grade shared")
    INVITED = "invited", _("Invited to a test")
    MESSAGE_SENT = "message_sent", _("Message sent")
    ANONYMISED = "anonymised", _("Anonymised")
    CV_UPDATED = "cv_updated", _("CV updated")
    CONTACT_UPDATED = "contact_updated", _("Contact details updated")
    INTERVIEW_SCHEDULED = "interview_scheduled", _("Interview scheduled")
    BOOKING_REQUESTED = "booking_requested", _("Asked to choose an interview time")
    OWNER_ASSIGNED = "owner_assigned", _("Owner assigned")
    DATA_EXPORTED = "data_exported", _("Personal data exported")
    JOINED_EXISTING = "joined_existing", _("Recognised as an existing candidate")
    MERGED = "merged", _("Duplicate merged in")
    MERGED_INTO = "merged_into", _("Merged into another candidate")
    MERGE_UNDONE = "merge_undone", _("Merge undone")
    # Written only by the migration that brought the former audit log (admin LogEntry rows) here:
    # a line it could not read as one of the kinds above, kept as its stored text in details["text"].
    LEGACY_NOTE = "legacy_note", _("Former audit log entry")


class HistoryEntry(TimeStampedModel):
    """One thing that happened to a candidate (and, when it concerns one, to an application).

    The one audit trail: the service that does a thing records it here, in the same transaction,
    with the user (`actor`) or the path (`actor_label`) that did it. Entries hold codes and values,
    never sentences, and no message texts or contact details; the back-office turns each into a
    sentence in the reader's language (backoffice/admin/history_display.py)."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="history", verbose_name=_("candidate")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="history",
        verbose_name=_("application"),
    )
    kind = models.CharField(max_length=40, choices=HistoryKind.choices, verbose_name=_("kind"))
    from_value = models.CharField(max_length=40, blank=True, verbose_name=_("from"))
    to_value = models.CharField(max_length=40, blank=True, verbose_name=_("to"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by user"),
    )
    # Who or what did it when no user did: "API key <name>", "bot", "automatic rule", "bulk action".
    actor_label = models.CharField(max_length=150, blank=True, verbose_name=_("by"))
    details = models.JSONField(default=dict, blank=True, verbose_name=_("details"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        indexes = [
            models.Index(fields=["candidate", "-created_at"], name="history_candidate_idx"),
            models.Index(fields=["application", "kind", "created_at"], name="history_application_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.candidate_id}"


class CandidateSearch(models.Model):
    """The candidate's full-text search document (PostgreSQL only: kept by a database trigger on
    candidates_candidate, see candidates/search_sql.py; empty and unused on SQLite). In its own
    table so that loading candidates never loads their tsvector."""

    candidate = models.OneToOneField(
        Candidate,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search",
        verbose_name=_("candidate"),
    )
    document = SearchVectorField(null=True, verbose_name=_("document"))

    class Meta:
        verbose_name = _("candidate search document")

    def __str__(self) -> str:
        return f"search document of {self.candidate_id}"


class CandidateTally(Tally):
    """`status:<status>` (candidates per status) and `applied` (candidates with an application),
    kept by the triggers of candidates/tallies.py on PostgreSQL; read by selectors.candidate_counts."""

    class Meta:
        ordering = ["name", "shard"]
        constraints = [models.UniqueConstraint(fields=["name", "shard"], name="candidate_tally_name_shard")]
