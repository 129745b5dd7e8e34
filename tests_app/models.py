import secrets
import uuid

from django.conf import settings
from django.db import models

from candidates.models import Candidate
from core.models import Tally, TimeStampedModel


class QuestionKind(models.TextChoices):
    SINGLE_CHOICE = "single_choice", "Single choice"
    MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
    OPEN_TEXT = "open_text", "Open text"


class MultipleChoiceScoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", "All or nothing"
    PARTIAL = "partial", "Partial credit"


class AttemptStatus(models.TextChoices):
    PENDING = "pending", "Pending (Invite Sent)"
    IN_PROGRESS = "in_progress", "In Progress"
    COMPLETED = "completed", "Completed"
    NEEDS_REVIEW = "needs_review", "Needs Review"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    TIMEOUT = "timeout", "Timeout"
    ESCAPED = "escaped", "Escaped"


# Statuses that end the candidate's part of an attempt (nothing more can be answered).
FINISHED_ATTEMPT_STATUSES = frozenset(
    {
        AttemptStatus.COMPLETED,
        AttemptStatus.NEEDS_REVIEW,
        AttemptStatus.PASSED,
        AttemptStatus.FAILED,
        AttemptStatus.TIMEOUT,
        AttemptStatus.ESCAPED,
    }
)
# Statuses whose score is final and published (the spec's note on test_status_changed).
SCORED_ATTEMPT_STATUSES = frozenset({AttemptStatus.COMPLETED, AttemptStatus.PASSED, AttemptStatus.FAILED})


def new_attempt_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


class Test(TimeStampedModel):
    __test__ = False  # not a pytest test class

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    duration_minutes = models.PositiveIntegerField(default=30)
    pass_threshold = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Percent needed to pass; empty for none.",
    )
    is_active = models.BooleanField(default=True, db_index=True)
    shuffle_questions = models.BooleanField(default=False)
    shuffle_choices = models.BooleanField(default=False)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1), name="test_duration_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(pass_threshold__isnull=True)
                | models.Q(pass_threshold__gte=0, pass_threshold__lte=100),
                name="test_pass_threshold_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Question(TimeStampedModel):
    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=20, choices=QuestionKind.choices, default=QuestionKind.SINGLE_CHOICE)
    text = models.TextField()
    points = models.DecimalField(max_digits=6, decimal_places=2, default=1)
    order = models.PositiveIntegerField(default=0)
    scoring = models.CharField(
        max_length=20,
        choices=MultipleChoiceScoring.choices,
        default=MultipleChoiceScoring.ALL_OR_NOTHING,
        help_text="How a multiple-choice question is scored.",
    )

    class Meta:
        ordering = ["test", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(points__gte=0), name="question_points_non_negative"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(TimeStampedModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField(default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "id"]

    def __str__(self) -> str:
        return self.text


class Attempt(TimeStampedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="attempts")
    test = models.ForeignKey(Test, on_delete=models.PROTECT, related_name="attempts")
    token = models.CharField(max_length=64, unique=True, default=new_attempt_token, editable=False)
    status = models.CharField(
        max_length=20, choices=AttemptStatus.choices, default=AttemptStatus.PENDING, db_index=True
    )
    expires_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    last_heartbeat_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    percentage = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    question_order = models.JSONField(default=list, blank=True, help_text="Question ids in the order shown.")

    class Meta:
        ordering = ["-created_at"]
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
        ]

    def __str__(self) -> str:
        return f"{self.test} / {self.candidate} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_ATTEMPT_STATUSES

    @property
    def test_url(self) -> str:
        return f"{settings.PUBLIC_BASE_URL}/t/{self.token}/"


class Answer(TimeStampedModel):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    selected_choices = models.ManyToManyField(Choice, blank=True, related_name="+")
    text = models.TextField(blank=True)
    points_awarded = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    reviewer_comment = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "question__order", "question_id"]
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
    TAB_HIDDEN = "tab_hidden", "Tab hidden"
    TAB_SHOWN = "tab_shown", "Tab shown"
    FOCUS_LOST = "focus_lost", "Focus lost"
    FOCUS_GAINED = "focus_gained", "Focus regained"
    PASTE = "paste", "Paste"


# The page learns how long the candidate was away only when they come back, so the duration is
# recorded on the return event (tab shown, focus regained), never on the leaving one.
AWAY_DURATION_EVENT_KINDS = frozenset({ProctorEventKind.TAB_SHOWN, ProctorEventKind.FOCUS_GAINED})


class ProctorEvent(TimeStampedModel):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="proctor_events")
    kind = models.CharField(max_length=20, choices=ProctorEventKind.choices)
    occurred_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["attempt", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.occurred_at:%H:%M:%S}"


class AttemptForReview(Attempt):
    """The admin's review queue: attempts whose open answers wait for points."""

    class Meta:
        proxy = True
        verbose_name = "attempt to review"
        verbose_name_plural = "review queue"


class AttemptTally(Tally):
    """`status:<status>` (attempts per status), `started` and `finished` (candidates with an attempt
    begun / finished), kept by the triggers of migration 0003 on PostgreSQL."""

    class Meta:
        ordering = ["name", "shard"]
        constraints = [models.UniqueConstraint(fields=["name", "shard"], name="attempt_tally_name_shard")]
