"""The board's automation header: the vacancy's rules (pause/resume), the runs waiting to act
(cancel), and the SLA flag on the cards that stayed in a stage longer than the vacancy allows."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from automation import selectors, services
from automation.models import AutomationRule, RuleRun
from backoffice.board.access import can_view_board
from backoffice.board.selectors import BoardColumn
from candidates.models import Vacancy


def automation_context(request: HttpRequest, vacancy: Vacancy, columns: list[BoardColumn]) -> dict:
    """Set `sla_overdue` on each card; the header's rules and pending runs (two queries more)."""
    sla_days = selectors.sla_days_of(vacancy=vacancy)
    overdue, now = 0, timezone.now()
    for column in columns:
        for card in column.cards:
            since = card.status_changed_at or card.applied_at
            card.sla_overdue = not card.is_closed and services.sla_overdue(
                since=since, sla_days=sla_days, now=now
            )
            overdue += card.sla_overdue
    user = request.user
    return {
        "rules": list(selectors.rules_of_vacancy(vacancy=vacancy)),
        "pending_runs": selectors.pending_runs_of_vacancy(vacancy=vacancy),
        "sla_days": sla_days,
        "sla_overdue": overdue,
        "can_toggle_rules": user.has_perm("automation.change_automationrule"),
        "can_cancel_runs": user.has_perm("automation.change_rulerun"),
        "can_add_rule": user.has_perm("automation.add_automationrule"),
    }


def _back(vacancy_id: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:candidates_vacancy_board", args=[vacancy_id]) + "#board-rules")


def rule_toggle_view(model_admin, request: HttpRequest, vacancy_id: int, rule_id: int) -> HttpResponse:
    if not (can_view_board(request) and request.user.has_perm("automation.change_automationrule")):
        raise PermissionDenied
    rule = get_object_or_404(AutomationRule, pk=rule_id, vacancy_id=vacancy_id)
    active = request.POST.get("active") == "1"
    services.rule_set_active(rule=rule, active=active)
    text = _("Rule “%(name)s” resumed.") if active else _("Rule “%(name)s” paused.")
    model_admin.message_user(request, text % {"name": rule.name}, messages.SUCCESS)
    return _back(vacancy_id)


def run_cancel_view(model_admin, request: HttpRequest, vacancy_id: int, run_id: int) -> HttpResponse:
    if not (can_view_board(request) and request.user.has_perm("automation.change_rulerun")):
        raise PermissionDenied
    run = get_object_or_404(RuleRun.objects.select_related("rule"), pk=run_id, rule__vacancy_id=vacancy_id)
    if services.rule_run_cancel(run=run, user=request.user):
        model_admin.message_user(request, _("Cancelled: “%(name)s” will not act.") % {"name": run.rule.name})
    else:
        model_admin.message_user(request, _("Too late: the rule has acted already."), messages.WARNING)
    return _back(vacancy_id)
