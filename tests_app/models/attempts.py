"""Attempts: a candidate's answers and what the page reported while they took the test."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from core.models import Tally, TimeStampedModel
from tests_app.models.content import (
    FINISHED_ATTEMPT_STATUSES,
    AttemptStatus,
    Choice,
    Question,
    Test,
    new_attempt_token,
)


class Attempt(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("ID"))
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("candidate")
    )
    test = models.ForeignKey(Test, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("test"))
    token = models.CharField(
        max_length=64, unique=True, default=new_attempt_token, editable=False, verbose_name=_("token")
    )
    status = models.CharField(
        max_length=20,
        choices=AttemptStatus.choices,
        default=AttemptStatus.PENDING,
        db_index=True,
        verbose_name=_("status"),
    )
    expires_at = models.DateTimeField(verbose_name=_("expires at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    deadline = models.DateTimeField(null=True, blank=True, verbose_name=_("deadline"))
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    last_heartbeat_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last heartbeat at"))
    score = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, verbose_name=_("score")
    )
    max_score = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, verbose_name=_("maximum score")
    )
    percentage = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, verbose_name=_("percentage")
    )
    passed = models.BooleanField(null=True, blank=True, verbose_name=_("passed"))
    question_order = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Question ids in the order shown."),
        verbose_name=_("question order"),
    )
    extra_minutes = models.PositiveSmallIntegerField(
        default=0,
        help_text=_("Extra time for this candidate, added to the test's duration (0-240)."),
        verbose_name=_("extra minutes"),
    )
    # The browser that holds the attempt: a hash of its HttpOnly cookie, and what it is ("Chrome on Android").
    device_key = models.CharField(max_length=64, blank=True, editable=False, verbose_name=_("device key"))
    device_label = models.CharField(max_length=100, blank=True, editable=False, verbose_name=_("device"))
    # The Telegram user who opened the test as a Mini App (initData checked on the server).
    telegram_user_id = models.BigIntegerField(null=True, blank=True, verbose_name=_("Telegram user ID"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        indexes = [
            models.Index(fields=["candidate", "-created_at"], name="attempt_candidate_idx"),
            models.Index(fields=["status", "deadline"], name="attempt_status_deadline_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AttemptStatus.values), name="attempt_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(percentage__isnull=True)
                | models.Q(percentage__gte=0, percentage__lte=100),
                name="attempt_percentage_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(started_at__isnull=False),
                name="attempt_started_unless_pending",
            ),
            models.CheckConstraint(
                condition=models.Q(extra_minutes__lte=240), name="attempt_extra_minutes_max_240"
            ),
        ]

    @property
    def total_minutes(self) -> int:
        """The time this candidate has: the test's duration plus their extra minutes."""
        return self.test.duration_minutes + self.extra_minutes

    def __str__(self) -> str:
        return f"{self.test} / {self.candidate} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_ATTEMPT_STATUSES

    @property
    def test_url(self) -> str:
        return f"{settings.PUBLIC_BASE_URL}/t/{self.token}/"


class Answer(TimeStampedModel):
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers", verbose_name=_("attempt")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    selected_choices = models.ManyToManyField(
        Choice, blank=True, related_name="+", verbose_name=_("selected choices")
    )
    text = models.TextField(blank=True, verbose_name=_("text"))
    points_awarded = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, verbose_name=_("points awarded")
    )
    reviewer_comment = models.TextField(blank=True, verbose_name=_("reviewer's comment"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reviewed at"))

    class Meta:
        ordering = ["attempt", "question__order", "question_id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="answer_one_per_question"),
            models.CheckConstraint(
                condition=models.Q(points_awarded__isnull=True) | models.Q(points_awarded__gte=0),
                name="answer_points_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id} in {self.attempt_id}"


class ProctorEventKind(models.TextChoices):
    TAB_HIDDEN = "tab_hidden", _("Tab hidden")
    TAB_SHOWN = "tab_shown", _("Tab shown")
    FOCUS_LOST = "focus_lost", _("Focus lost")
    FOCUS_GAINED = "focus_gained", _("Focus regained")
    PASTE = "paste", _("Paste")
    PAGE_CLOSED = "page_closed", _("Page closed or reloaded")
    PAGE_OPENED = "page_opened", _("Page opened again")
    DEVICE_MOVED = "device_moved", _("Moved to another device")


# What the page itself reports; the others are recorded by the server.
PAGE_EVENT_KINDS = frozenset(ProctorEventKind.values) - {ProctorEventKind.DEVICE_MOVED}


# The page learns how long the candidate was away only when they come back, so the duration is
# recorded on the return event (tab shown, focus regained), never on the leaving one.
# A page opened again carries how long it was closed (a reload: a moment; a phone restarted: longer).
AWAY_DURATION_EVENT_KINDS = frozenset(
    {ProctorEventKind.TAB_SHOWN, ProctorEventKind.FOCUS_GAINED, ProctorEventKind.PAGE_OPENED}
)


class ProctorEvent(TimeStampedModel):
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="proctor_events", verbose_name=_("attempt")
    )
    kind = models.CharField(max_length=20, choices=ProctorEventKind.choices, verbose_name=_("kind"))
    occurred_at = models.DateTimeField(verbose_name=_("occurred at"))
    duration_ms = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("duration (ms)"))
    details = models.JSONField(default=dict, blank=True, verbose_name=_("details"))

    class Meta:
        ordering = ["attempt", "occurred_at", "id"]
        verbose_name = _("proctoring event")
        verbose_name_plural = _("proctoring events")

    def __str__(self) -> str:
        return f"{self.kind} at {self.occurred_at:%H:%M:%S}"


class AttemptForReview(Attempt):
    """The admin's review queue: attempts whose open answers wait for points."""

    class Meta:
        proxy = True
        verbose_name = _("attempt to review")
        verbose_name_plural = _("review queue")


class AttemptTally(Tally):
    """`status:<status>` (attempts per status), `started` and `finished` (candidates with an attempt
    begun / finished), kept by the triggers of migration 0003 on PostgreSQL."""

    class Meta:
        ordering = ["name", "shard"]
        constraints = [models.UniqueConstraint(fields=["name", "shard"], name="attempt_tally_name_shard")]
