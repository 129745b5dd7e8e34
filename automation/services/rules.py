"""Rules: what each action needs, and no loop of automatic moves between the stages of a vacancy."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from automation.models import AutomationRule, RuleAction
from candidates.models import CandidateStatus

# attempt_invite moves an application from these stages to `test_assigned` on its own.
MOVED_BY_INVITATION = frozenset({CandidateStatus.NEW, CandidateStatus.REVIEWING})


def rule_moves(rule: AutomationRule) -> set[tuple[str, str]]:
    """The stage-to-stage moves a rule can make on its own (the edges of the loop check)."""
    stage = rule.trigger_stage
    if rule.action == RuleAction.DECIDE_ON_TEST:
        moves = {(stage, rule.pass_stage)}
        if rule.reject_below is not None:
            moves.add((stage, CandidateStatus.REJECTED))
        return moves
    if rule.action == RuleAction.INVITE_TO_TEST and stage in MOVED_BY_INVITATION:
        return {(stage, CandidateStatus.TEST_ASSIGNED)}
    return set()


def _find_loop(edges: set[tuple[str, str]]) -> list[str] | None:
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)

    def visit(node: str, path: list[str]) -> list[str] | None:
        if node in path:
            return [*path[path.index(node) :], node]
        for target in sorted(graph.get(node, ())):
            found = visit(target, [*path, node])
            if found:
                return found
        return None

    for start in sorted(graph):
        found = visit(start, [])
        if found:
            return found
    return None


def _required(rule: AutomationRule) -> dict[str, str]:
    errors = {}
    if rule.action == RuleAction.SEND_TEMPLATE and not rule.template_name.strip():
        errors["template_name"] = _("Choose the message template to send.")
    if rule.action == RuleAction.INVITE_TO_TEST and rule.test_id is None:
        errors["test"] = _("Choose the test to invite to.")
    if rule.action in (RuleAction.ASSIGN_OWNER, RuleAction.ASK_TO_BOOK) and rule.owner_id is None:
        errors["owner"] = _("Choose the owner (or, for a booking, the interviewer).")
    if rule.action == RuleAction.ASK_TO_BOOK and not rule.interview_location.strip():
        errors["interview_location"] = _("Give the video link, the address or the phone number.")
    if rule.action == RuleAction.DECIDE_ON_TEST and rule.pass_stage == rule.trigger_stage:
        errors["pass_stage"] = _("The stage to move to must differ from the stage the rule watches.")
    return errors


def rule_validate(*, rule: AutomationRule) -> None:
    """Refuse a rule that lacks what its action needs, or whose moves close a loop with the
    vacancy's other rules (paused ones included: resuming one must not start a loop)."""
    errors = _required(rule)
    if errors:
        raise ValidationError(errors)
    others = AutomationRule.objects.filter(vacancy_id=rule.vacancy_id).exclude(pk=rule.pk)
    edges = set(rule_moves(rule))
    for other in others:
        edges |= rule_moves(other)
    loop = _find_loop(edges)
    if loop:
        labels = " → ".join(str(CandidateStatus(stage).label) for stage in loop)
        raise ValidationError(
            _("This rule would make the vacancy's rules move applications in a loop: %(loop)s.")
            % {"loop": labels}
        )


def rule_save(*, rule: AutomationRule) -> AutomationRule:
    rule_validate(rule=rule)
    rule.save()
    return rule


def rule_set_active(*, rule: AutomationRule, active: bool) -> bool:
    """Pause or resume a rule; False when it already was so. Runs waiting for a paused rule are
    skipped when they come due (see rule_run_execute)."""
    if rule.is_active == active:
        return False
    rule.is_active = active
    rule.save(update_fields=["is_active", "updated_at"])
    return True
