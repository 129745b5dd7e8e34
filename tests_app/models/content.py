"""Tests, their questions and choices, and the statuses an attempt goes through."""

import secrets
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

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
