"""What a rule does, through the services every other path uses; each act is in the history with
the rule's name as its actor (`rule.actor_label`)."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from automation.models import AutomationRule, RuleAction
from candidates import services as candidate_services
from candidates.models import Application, CandidateStatus, HistoryKind
from interviews.booking_services import booking_invitation_send
from messaging.services import message_send
from messaging.templating import template_render_for
from tests_app.models import FINISHED_ATTEMPT_STATUSES, Attempt, AttemptStatus
from tests_app.services import attempt_invite


class WaitForResult(Exception):
    """The test result is not known yet (no finished attempt, or open answers to review)."""


def _send_template(rule: AutomationRule, application: Application) -> str:
    candidate = application.candidate
    text = template_render_for(name=rule.template_name, candidate=candidate, application=application)
    if not text:
        raise ValidationError(f"There is no message template named {rule.template_name!r}.")
    message_send(candidate=candidate, text=text, actor_label=rule.actor_label)
    return f"Sent the template {rule.template_name!r}."


def _invite(rule: AutomationRule, application: Application) -> str:
    attempt_invite(candidate=application.candidate, test=rule.test, actor_label=rule.actor_label)
    return f"Invited to the test {rule.test.title!r}."


def _assign_owner(rule: AutomationRule, application: Application) -> str:
    owner = rule.owner
    if application.owner_id == owner.pk:
        return f"The owner was {owner} already."
    Application.objects.filter(pk=application.pk).update(owner=owner, updated_at=timezone.now())
    candidate_services.history_record(
        candidate_id=application.candidate_id,
        application=application,
        kind=HistoryKind.OWNER_ASSIGNED,
        from_value=str(application.owner_id or ""),
        to_value=str(owner.pk),
        actor_label=rule.actor_label,
        details={"owner": owner.get_full_name() or owner.get_username()},
    )
    return f"Owner set to {owner}."


def _ask_to_book(rule: AutomationRule, application: Application) -> str:
    invitation = booking_invitation_send(
        application=application,
        interviewer=rule.owner,
        format=rule.interview_format,
        location=rule.interview_location,
        duration_minutes=rule.interview_minutes,
        actor_label=rule.actor_label,
    )
    return f"Sent the booking link (invitation {invitation.pk})."


def latest_result(rule: AutomationRule, application: Application) -> Attempt:
    attempts = Attempt.objects.filter(
        candidate_id=application.candidate_id, status__in=FINISHED_ATTEMPT_STATUSES
    )
    if rule.test_id is not None:
        attempts = attempts.filter(test_id=rule.test_id)
    attempt = attempts.order_by("-submitted_at", "-created_at").first()
    if attempt is None or attempt.status == AttemptStatus.NEEDS_REVIEW:
        raise WaitForResult
    return attempt


def _decide(rule: AutomationRule, application: Application) -> str:
    attempt = latest_result(rule, application)
    percentage, threshold = attempt.percentage, rule.reject_below
    below = threshold is not None and percentage is not None and percentage < threshold
    passes = attempt.passed is True or (
        attempt.passed is None and threshold is not None and percentage is not None and not below
    )
    if passes and not below:
        target = rule.pass_stage
    elif below:
        target = CandidateStatus.REJECTED
    else:
        return "The result neither passes nor is below the threshold: left to HR."
    candidate_services.application_status_change(
        application=application, status=target, actor_label=rule.actor_label
    )
    return f"Moved to {target} (test result {percentage}%)."


ACTIONS = {
    RuleAction.SEND_TEMPLATE: _send_template,
    RuleAction.INVITE_TO_TEST: _invite,
    RuleAction.ASSIGN_OWNER: _assign_owner,
    RuleAction.ASK_TO_BOOK: _ask_to_book,
    RuleAction.DECIDE_ON_TEST: _decide,
}


def rule_act(*, rule: AutomationRule, application: Application) -> str:
    """Do the rule's act; returns what was done. Raises ValidationError or WaitForResult."""
    return ACTIONS[rule.action](rule, application)
