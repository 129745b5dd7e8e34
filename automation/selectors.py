"""Reads of automation for the back-office: a vacancy's rules and pending runs, its SLA, the reasons."""

from django.db.models import QuerySet

from automation.models import PENDING_RUN_STATES, AutomationRule, RejectionReason, RuleRun, VacancyPlan
from candidates.models import Vacancy


def rules_of_vacancy(*, vacancy: Vacancy) -> QuerySet[AutomationRule]:
    return (
        AutomationRule.objects.filter(vacancy=vacancy)
        .select_related("test", "owner")
        .order_by("trigger_stage", "id")
    )


def pending_runs_of_vacancy(*, vacancy: Vacancy, limit: int = 100) -> list[RuleRun]:
    return list(
        RuleRun.objects.filter(rule__vacancy=vacancy, state__in=PENDING_RUN_STATES)
        .select_related("rule", "application__candidate")
        .order_by("due_at", "id")[:limit]
    )


def pending_runs_of_candidate(*, candidate_id) -> list[RuleRun]:
    return list(
        RuleRun.objects.filter(application__candidate_id=candidate_id, state__in=PENDING_RUN_STATES)
        .select_related("rule", "application__vacancy")
        .order_by("due_at", "id")
    )


def sla_days_of(*, vacancy: Vacancy) -> int | None:
    return VacancyPlan.objects.filter(vacancy=vacancy).values_list("sla_days", flat=True).first()


def rejection_reasons() -> QuerySet[RejectionReason]:
    return RejectionReason.objects.filter(is_active=True).order_by("position", "code")
