"""Automation rules per vacancy (what happens on entering a stage), their runs, the vacancy's plan
(target date, SLA), and the rejection reasons HR picks; the reports read these and the history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.models import Application, CandidateStatus, HistoryEntry, Vacancy
from core.models import TimeStampedModel
from interviews.models import InterviewFormat
from tests_app.models import Test


class RuleAction(models.TextChoices):
    SEND_TEMPLATE = "send_template", _("Send a message template")
    INVITE_TO_TEST = "invite_to_test", _("Invite to a test")
    ASK_TO_BOOK = "ask_to_book", _("Ask the candidate to book an interview")
    ASSIGN_OWNER = "assign_owner", _("Assign an owner")
    DECIDE_ON_TEST = "decide_on_test", _("Move on when the test passes, reject below a threshold")


class AutomationRule(TimeStampedModel):
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="automation_rules", verbose_name=_("vacancy")
    )
    name = models.CharField(_("name"), max_length=100)
    trigger_stage = models.CharField(
        _("when an application enters"), max_length=20, choices=CandidateStatus.choices
    )
    action = models.CharField(_("action"), max_length=20, choices=RuleAction.choices)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Untick to pause the rule."))
    delay_minutes = models.PositiveIntegerField(
        _("delay (minutes)"), default=0, help_text=_("HR can cancel the act until the delay is over.")
    )
    template_name = models.CharField(
        _("message template"), max_length=100, blank=True, help_text=_("The name of a message template.")
    )
    test = models.ForeignKey(
        Test, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("test")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner or interviewer"),
    )
    pass_stage = models.CharField(
        _("stage when the test passes"),
        max_length=20,
        choices=CandidateStatus.choices,
        default=CandidateStatus.INTERVIEW,
    )
    reject_below = models.DecimalField(
        _("reject below (percent)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: never reject automatically."),
    )
    interview_format = models.CharField(
        _("interview format"), max_length=10, choices=InterviewFormat.choices, default=InterviewFormat.VIDEO
    )
    interview_location = models.CharField(_("interview place or link"), max_length=500, blank=True)
    interview_minutes = models.PositiveSmallIntegerField(_("interview length (minutes)"), default=60)

    class Meta:
        ordering = ["vacancy_id", "trigger_stage", "id"]
        verbose_name = _("automation rule")
        verbose_name_plural = _("automation rules")
        indexes = [
            models.Index(fields=["vacancy", "trigger_stage", "is_active"], name="rule_vacancy_stage_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reject_below__isnull=True)
                | models.Q(reject_below__gte=0, reject_below__lte=100),
                name="rule_reject_below_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def actor_label(self) -> str:
        """Who did it, in the history: the rule by its name."""
        return f"rule: {self.name}"[:150]


class RunState(models.TextChoices):
    WAITING = "waiting", _("Waiting for the test result")
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


PENDING_RUN_STATES = (RunState.WAITING, RunState.SCHEDULED)


class RuleRun(TimeStampedModel):
    """One firing of a rule for one stage entry (the history entry of that move): recorded by the
    receiver in the move's transaction, executed by a task once due, cancellable until then."""

    rule = models.ForeignKey(
        AutomationRule, on_delete=models.CASCADE, related_name="runs", verbose_name=_("rule")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="rule_runs", verbose_name=_("application")
    )
    stage_entry = models.ForeignKey(
        HistoryEntry, on_delete=models.CASCADE, related_name="+", verbose_name=_("stage entry")
    )
    state = models.CharField(_("state"), max_length=10, choices=RunState.choices, default=RunState.SCHEDULED)
    due_at = models.DateTimeField(_("due at"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rule run")
        verbose_name_plural = _("rule runs")
        constraints = [
            models.UniqueConstraint(fields=["rule", "stage_entry"], name="rule_run_once_per_stage_entry"),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="rule_run_state_due_idx"),
            models.Index(fields=["application", "state"], name="rule_run_application_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} for {self.application_id} ({self.state})"


class VacancyPlan(TimeStampedModel):
    """What the vacancy has no field for: the date it should be filled by, and the stage SLA."""

    vacancy = models.OneToOneField(
        Vacancy, on_delete=models.CASCADE, related_name="plan", verbose_name=_("vacancy")
    )
    target_date = models.DateField(_("fill by"), null=True, blank=True)
    sla_days = models.PositiveSmallIntegerField(
        _("days in a stage before it is flagged"), null=True, blank=True, help_text=_("Empty: no SLA.")
    )

    class Meta:
        ordering = ["vacancy_id"]
        verbose_name = _("vacancy plan")
        verbose_name_plural = _("vacancy plans")

    def __str__(self) -> str:
        return str(self.vacancy)


class SlaNotice(TimeStampedModel):
    """The owner was told once that this stage entry is over the SLA."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name=_("application")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=CandidateStatus.choices)
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SLA notice")
        verbose_name_plural = _("SLA notices")
        constraints = [
            models.UniqueConstraint(fields=["application", "entered_at"], name="sla_notice_once_per_entry"),
        ]

    def __str__(self) -> str:
        return f"SLA {self.application_id} {self.stage}"


class RejectionReason(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100)
    name_ru = models.CharField(_("name in Russian"), max_length=100)
    template_name = models.CharField(
        _("message template"),
        max_length=100,
        blank=True,
        help_text=_("The candidate's message for this reason (a message template's name); empty: none."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str = "") -> str:
        from django.utils import translation

        language = language or translation.get_language() or "en"
        return self.name_ru if language.startswith("ru") and self.name_ru else self.name_en


class RejectionRecord(TimeStampedModel):
    """The reason HR gave for one rejection (also kept on that move's history entry)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="rejection_records", verbose_name=_("application")
    )
    reason = models.ForeignKey(
        RejectionReason, on_delete=models.PROTECT, related_name="records", verbose_name=_("reason")
    )
    stage_entry = models.OneToOneField(
        HistoryEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stage entry"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by user"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rejection")
        verbose_name_plural = _("rejections")
        permissions = [("view_reports", _("Can view and export the reports"))]
        indexes = [models.Index(fields=["reason", "created_at"], name="rejection_reason_idx")]

    def __str__(self) -> str:
        return f"{self.reason} for {self.application_id}"
