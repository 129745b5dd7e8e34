"""Stages back to hh.ru: an hh application moved to `interview` invites the candidate on hh.ru, one
moved to `rejected` discards the response, each with the message of our template.

An HHAction row is written in the stage change's transaction (persisted before anything is sent), sent
after commit, retried with backoff while hh.ru is busy, and swept by beat; when it cannot be sent
(a paid method, a lost connection, a response gone, or out of attempts) it is `failed`, HR is told, and
the set-up page and the candidate page show it with a retry button: a rejection is never lost silently.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import Application, CandidateStatus
from job_boards.hh.client import HHError
from job_boards.models import ActionKind, ActionState, HHAction, HHResponse
from job_boards.services.alerts import hh_alert
from job_boards.services.connection import hh_client
from messaging.default_templates import INVITATION, REJECTION, TEMPLATES
from messaging.templating import template_render, template_render_for

logger = logging.getLogger(__name__)

KIND_OF_STAGE = {CandidateStatus.INTERVIEW: ActionKind.INVITE, CandidateStatus.REJECTED: ActionKind.DISCARD}
TEMPLATE_OF_KIND = {ActionKind.INVITE: INVITATION, ActionKind.DISCARD: REJECTION}
LEASE = dt.timedelta(minutes=2)
RETRY_BASE_SECONDS = 30
SWEEP_BATCH = 200


def _message(response: HHResponse, kind: str) -> str:
    application = response.application
    candidate, name = application.candidate, TEMPLATE_OF_KIND[kind]
    text = template_render_for(name=name, candidate=candidate, application=application)
    if text is None:  # the template was deleted: the built-in text in the candidate's language
        language = candidate.language if candidate.language in TEMPLATES[name] else "ru"
        text = template_render(text=TEMPLATES[name][language], candidate=candidate, application=application)
    return text


def hh_action_queue(*, application: Application, new_status: str) -> HHAction | None:
    """In the stage change's transaction: the hh action this stage needs, if the application came from hh."""
    kind = KIND_OF_STAGE.get(new_status)
    response = HHResponse.objects.filter(application=application).select_related("application").first()
    if kind is None or response is None:
        return None
    action = HHAction.objects.create(
        response=response, kind=kind, message=_message(response, kind), next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: _enqueue(action.pk), robust=True)
    return action


def _enqueue(action_id: int) -> None:
    from job_boards.tasks import send_action  # tasks call these services

    send_action.delay(action_id)


def _claim(action_id: int) -> HHAction | None:
    with transaction.atomic():
        action = (
            HHAction.objects.select_for_update(skip_locked=True)
            .filter(pk=action_id, state=ActionState.PENDING, next_attempt_at__lte=timezone.now())
            .select_related("response__application__candidate", "response__application__vacancy")
            .first()
        )
        if action is None:
            return None
        action.attempts += 1
        action.next_attempt_at = timezone.now() + LEASE
        action.save(update_fields=["attempts", "next_attempt_at", "updated_at"])
    return action


def _hh_action(item: dict, kind: str) -> dict | None:
    """The response's own action for `kind` (actions come back as URLs, with the state they lead to)."""
    for action in item.get("actions") or []:
        if not action.get("enabled", True) or not action.get("url"):
            continue
        state = str((action.get("resulting_employer_state") or {}).get("id", ""))
        action_id = str(action.get("id", ""))
        if kind == ActionKind.INVITE and "invit" in f"{action_id} {state}":
            return action
        if kind == ActionKind.DISCARD and "discard" in f"{action_id} {state}":
            return action
    return None


def _perform(action: HHAction) -> None:
    client, response = hh_client(), action.response
    item = client.get(response.url or f"/negotiations/{response.hh_id}")
    found = _hh_action(item, action.kind)
    if found is None:
        raise HHError(
            _("hh.ru offers no “%(kind)s” action for this response now.")
            % {"kind": action.get_kind_display()}
        )
    client.request(found.get("method", "PUT").upper(), found["url"], data={"message": action.message})


def hh_action_send(*, action_id: int) -> HHAction | None:
    """Send one due action; returns it with its new state (None when it was not due or is held)."""
    action = _claim(action_id)
    if action is None:
        return None
    try:
        _perform(action)
    except HHError as error:
        return _failed_attempt(action, error)
    HHAction.objects.filter(pk=action.pk).update(
        state=ActionState.SENT,
        sent_at=timezone.now(),
        last_error="",
        next_attempt_at=None,
        updated_at=timezone.now(),
    )
    action.refresh_from_db()
    return action


def _failed_attempt(action: HHAction, error: HHError) -> HHAction:
    action.last_error = error.message[:500]
    if error.retry and action.attempts < settings.HH_ACTION_MAX_ATTEMPTS:
        action.next_attempt_at = timezone.now() + dt.timedelta(
            seconds=RETRY_BASE_SECONDS * 2 ** (action.attempts - 1)
        )
        action.save(update_fields=["last_error", "next_attempt_at", "updated_at"])
        return action
    action.state, action.next_attempt_at = ActionState.FAILED, None
    action.save(update_fields=["state", "last_error", "next_attempt_at", "updated_at"])
    application = action.response.application
    hh_alert(
        text_for=lambda: (
            _("hh.ru did not take the “%(kind)s” of %(candidate)s (%(vacancy)s): %(error)s")
            % {
                "kind": action.get_kind_display(),
                "candidate": application.candidate,
                "vacancy": application.vacancy.name,
                "error": action.last_error,
            }
        ),
        vacancy=application.vacancy,
        url=reverse("admin:candidates_candidate_card", args=[application.candidate_id]),
    )
    return action


def hh_action_retry(*, action: HHAction) -> HHAction:
    """HR retries a failed action: pending again with fresh attempts, sent after commit."""
    HHAction.objects.filter(pk=action.pk, state=ActionState.FAILED).update(
        state=ActionState.PENDING, attempts=0, next_attempt_at=timezone.now(), updated_at=timezone.now()
    )
    transaction.on_commit(lambda: _enqueue(action.pk), robust=True)
    action.refresh_from_db()
    return action


def hh_actions_sweep(*, limit: int = SWEEP_BATCH) -> int:
    """Beat: queue the pending actions that are due (a lost task, a retry's time has come)."""
    due = list(
        HHAction.objects.filter(state=ActionState.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        _enqueue(pk)
    return len(due)
