import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from core.models import TimeStampedModel


class QuestionKind(models.TextChoices):
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    OPEN_TEXT = "open_text", _("Open text")
    CODE = "code", _("Code answer")


# Kinds answered with text and reviewed by a person (an open answer or code).
TEXT_QUESTION_KINDS = frozenset({QuestionKind.OPEN_TEXT, QuestionKind.CODE})


class MultipleChoiceScoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
    PARTIAL = "partial", _("Partial credit")


class AttemptStatus(models.TextChoices):
    PENDING = "pending", _("Pending (Invite Sent)")
    IN_PROGRESS = "in_progress", _("In Progress")
    COMPLETED = "completed", _("Completed")
    NEEDS_REVIEW = "needs_review", _("Needs Review")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    TIMEOUT = "timeout", _("Timeout")
    ESCAPED = "escaped", _("Escaped")


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

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("ID"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    duration_minutes = models.PositiveIntegerField(default=30, verbose_name=_("duration (minutes)"))
    pass_threshold = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Percent needed to pass; empty for none."),
        verbose_name=_("pass threshold"),
    )
    is_active = models.BooleanField(default=True, db_index=True, verbose_name=_("active"))
    shuffle_questions = models.BooleanField(default=False, verbose_name=_("shuffle questions"))
    shuffle_choices = models.BooleanField(default=False, verbose_name=_("shuffle choices"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("test")
        verbose_name_plural = _("tests")
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
    test = models.ForeignKey(Test, on_delete=models.CASCADE, related_name="questions", verbose_name=_("test"))
    kind = models.CharField(
        max_length=20,
        choices=QuestionKind.choices,
        default=QuestionKind.SINGLE_CHOICE,
        verbose_name=_("kind"),
    )
    text = models.TextField(verbose_name=_("text"))
    points = models.DecimalField(max_digits=6, decimal_places=2, default=1, verbose_name=_("points"))
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    scoring = models.CharField(
        max_length=20,
        choices=MultipleChoiceScoring.choices,
        default=MultipleChoiceScoring.ALL_OR_NOTHING,
        help_text=_("How a multiple-choice question is scored."),
        verbose_name=_("scoring"),
    )

    class Meta:
        ordering = ["test", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=models.Q(points__gte=0), name="question_points_non_negative"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(TimeStampedModel):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    text = models.CharField(max_length=500, verbose_name=_("text"))
    is_correct = models.BooleanField(default=False, verbose_name=_("correct"))
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text


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

    def __str__(self) -> str:
        return f"{self.test} / {self.candidate} ({self.status})"

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
