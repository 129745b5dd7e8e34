"""Demo automation for `seed_demo`: each demo vacancy gets a plan (fill-by date, SLA) and a paused
rule that moves a passed test on to the interview, so the board's header and the reports show them.
The rules stay paused: seeding messages no one. Idempotent."""

import datetime as dt

from django.utils import timezone

from automation.defaults import rejection_reasons_ensure_defaults
from automation.models import AutomationRule, RuleAction, VacancyPlan
from candidates.models import CandidateStatus, Vacancy

DEMO_RULE = "Passed test → interview"


def seed_demo() -> str:
    rejection_reasons_ensure_defaults()
    created = 0
    for vacancy in Vacancy.objects.filter(is_published=True).order_by("id")[:5]:
        VacancyPlan.objects.get_or_create(
            vacancy=vacancy,
            defaults={"target_date": timezone.localdate() + dt.timedelta(days=30), "sla_days": 7},
        )
        _rule, new = AutomationRule.objects.get_or_create(
            vacancy=vacancy,
            name=DEMO_RULE,
            defaults={
                "trigger_stage": CandidateStatus.TEST_COMPLETED,
                "action": RuleAction.DECIDE_ON_TEST,
                "pass_stage": CandidateStatus.INTERVIEW,
                "is_active": False,
            },
        )
        created += new
    return f"{created} new demo automation rules (paused)"
